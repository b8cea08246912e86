/* test_calendar_year_end.c: December 2026, the court calendar covers 2025 and 2026 and
 * 2027 is not entered yet. Over HTTP with the service's date fixed at Tuesday 2026-12-01:
 * an announcement whose claim period ends in 2027 is recorded, its bounds provisional and
 * flagged for the court; the case's deadlines and the dashboard show the provisional dates
 * and filter them; POST /v1/rules/{id}/deadline answers provisional dates; /readyz warns and
 * the log says so once; then the court enters 2027 with a holiday on a provisional date and
 * the deadline moves (history, audit), and the first-meeting bound that now fails is
 * flagged on the case while the one that still holds is not.
 *
 * The dates, by hand (weekdays of 2027: 01-01 Fri, 01-15 Fri, 01-18 Mon, 01-30 Sat):
 *   announced 2026-12-01, claim period 45 days: raw end 2027-01-15, a Friday: provisional end
 *   2027-01-15; first meeting (SZ-MTG-FIRST, 15 days after): 2027-01-30 Sat -> Mon 02-01.
 *   The meeting notice, 15 days before a meeting on 2027-01-18: 01-03 Sun, 01-02 Sat, back
 *   to Friday 2027-01-01 (provisionally a working day).
 *   With 2027 entered (01-01 New Year's Day; 01-15 a holiday for the test): the claim period
 *   ends 01-15 -> 01-16 Sat, 01-17 Sun -> Monday 01-18, so a meeting on 01-18 no longer
 *   falls after it; a meeting on 01-25 still does (latest 01-18 + 15 = Tuesday 02-02). The
 *   notice rolls back past New Year's Day to Thursday 2026-12-31. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define TODAY "2026-12-01"
#define SUITE "calendar_year_end"

/* 2027 as the court enters it for the test: New Year's Day, and a holiday on 01-15. */
static const char CALENDAR_2027[] =
    "{\"source\":\"State Council notice for 2027 (test)\",\"days\":["
    "{\"date\":\"2027-01-01\",\"kind\":\"holiday\",\"name\":\"New Year's Day\"},"
    "{\"date\":\"2027-01-15\",\"kind\":\"holiday\",\"name\":\"Court closed (test)\"}]}";

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *court(void)
{
    return it_token_kept("court", "judge-year-end");
}

static long long sql_long(const char *sql)
{
    bool ok = false;
    char *v = it_sql(sql, &ok);
    ck_assert_msg(ok && v != NULL, "query failed: %s", sql);
    long long n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

/* A debtor's own liquidation accepted today, with an administrator designated. */
static void accepted_case(char case_id[37])
{
    struct it_party d;
    char idn[19];
    it_party(&d, "debtor", "year-end");
    it_idnumber(it_unique(), idn);
    it_party_vouched(&d, idn);
    char *body = it_fmt("{\"name\":\"Debtor %s\",\"id_number\":\"%s\",\"sez_resident\":true,"
                        "\"social_insurance_years\":5}",
                        d.sub, idn);
    struct it_resp *r = it_post("/v1/debtors", d.token, body);
    it_expect(r, 201);
    char debtor_id[37];
    snprintf(debtor_id, sizeof debtor_id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s}",
                  debtor_id, IT_DEBTOR_MATERIALS);
    r = it_post("/v1/applications", d.token, body);
    it_expect(r, 201);
    snprintf(case_id, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/decision", case_id);
    r = it_post(path, court(), "{\"outcome\":\"accept\",\"ruling_date\":\"" TODAY "\"}");
    it_expect(r, 200);
    it_free(r);
    char *dept = it_token("department", "dept-year-end");
    char *sub = it_fmt("adm-year-end-%u", it_unique());
    body = it_fmt("{\"subject\":\"%s\",\"kind\":\"individual\",\"name\":\"Li Na\","
                  "\"profession\":\"lawyer\",\"qualification\":\"SZ-ADM-2026-101\"}",
                  sub);
    r = it_post("/v1/administrators", dept, body);
    it_expect(r, 201);
    char admin[37];
    snprintf(admin, sizeof admin, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", case_id);
    body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"department_proposal\","
                  "\"designated_on\":\"" TODAY "\"}",
                  admin);
    r = it_post(path, court(), body);
    it_expect(r, 200);
    it_free(r);
    free(body);
    free(sub);
    free(dept);
}

/* The court announces today with a 45-day claim period and the first meeting on `meeting`. */
static struct it_resp *announce(const char *case_id, const char *meeting)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/acts", case_id);
    char *body = it_fmt("{\"kind\":\"announced\",\"date\":\"" TODAY "\",\"claim_period_days\":45,"
                        "\"event_date\":\"%s\",\"place\":\"Court room 2\"}",
                        meeting);
    struct it_resp *r = it_post(path, court(), body);
    free(body);
    return r;
}

static json_t *find_rule(json_t *items, const char *rule_id)
{
    size_t i;
    json_t *d;
    json_array_foreach(items, i, d) if (jstr(d, "rule_id") &&
                                        strcmp(jstr(d, "rule_id"), rule_id) == 0) return d;
    return NULL;
}

static struct it_resp *get_path(const char *fmt, const char *id)
{
    char path[256];
    snprintf(path, sizeof path, fmt, id);
    struct it_resp *r = it_get(path, court());
    it_expect(r, 200);
    return r;
}

/* The case's flags for the court. */
static struct it_resp *case_flags(const char *case_id, json_t **flags)
{
    struct it_resp *r = get_path("/v1/applications/%s", case_id);
    *flags = json_object_get(r->json, "flags");
    ck_assert(json_is_array(*flags));
    return r;
}

static void expect_readyz(long long last_year, size_t nwarnings)
{
    struct it_resp *r = it_get("/readyz", NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "ready");
    json_t *cal = json_object_get(r->json, "calendar");
    ck_assert_int_eq(json_integer_value(json_object_get(cal, "last_covered_year")), last_year);
    json_t *w = json_object_get(r->json, "warnings");
    ck_assert_msg(json_array_size(w) == nwarnings, "warnings: %s", r->body);
    if (nwarnings) {
        json_t *w0 = json_array_get(w, 0);
        ck_assert_str_eq(jstr(w0, "code"), "calendar_year_missing");
        ck_assert_int_eq(json_integer_value(json_object_get(w0, "year")), 2027);
        ck_assert_ptr_nonnull(strstr(jstr(w0, "message"), "PUT /v1/calendar/2027"));
    }
    it_free(r);
}

START_TEST(a_year_not_entered_does_not_stop_a_case)
{
    /* ---- before the court enters 2027 ---- */
    expect_readyz(2026, 1);
    expect_readyz(2026, 1);
    /* logged once a day, however often it is asked */
    ck_assert_uint_eq(it_log_lines(SUITE, "court calendar: the court calendar has no year 2027"),
                      1);
    struct it_resp *r = it_get("/v1/calendar/2027", NULL);
    it_expect(r, 404);
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "PUT /v1/calendar/2027"));
    it_free(r);

    /* the period calculator answers provisional dates (200), not a refusal */
    char *adm = it_token("administrator", "adm-calc");
    r = it_call("POST", "/v1/rules/SZ-APP-DECIDE/deadline", adm, "{\"trigger\":\"2026-12-02\"}",
                NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "due"), "2027-01-01");
    ck_assert(json_is_true(json_object_get(r->json, "provisional")));
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "missing_year")), 2027);
    it_free(r);

    /* A: meeting 2027-01-18, within the provisional bounds; B: meeting 2027-01-25; C: a
     * meeting on 2027-01-14, before the provisional end: flagged, not refused */
    char a[37], b[37], c[37];
    accepted_case(a);
    accepted_case(b);
    accepted_case(c);
    r = announce(a, "2027-01-18");
    it_expect(r, 201);
    json_t *detail = json_object_get(r->json, "detail");
    ck_assert_str_eq(jstr(detail, "claim_period_end"), "2027-01-15");
    ck_assert_str_eq(jstr(detail, "first_meeting_latest"), "2027-02-01");
    ck_assert(json_is_true(json_object_get(detail, "provisional")));
    ck_assert_int_eq(json_integer_value(json_object_get(detail, "missing_year")), 2027);
    json_t *which = json_object_get(detail, "provisional_dates");
    ck_assert_str_eq(json_string_value(json_array_get(which, 0)), "claim_period_end");
    ck_assert_str_eq(json_string_value(json_array_get(which, 1)), "first_meeting_latest");
    json_t *flag = json_array_get(json_object_get(detail, "flags"), 0);
    ck_assert_str_eq(jstr(flag, "rule"), "SZ-MTG-FIRST");
    ck_assert_ptr_nonnull(strstr(jstr(flag, "message"), "provisional"));
    char act_a[37];
    snprintf(act_a, sizeof act_a, "%s", it_str(r, "id"));
    it_free(r);
    r = announce(b, "2027-01-25");
    it_expect(r, 201);
    it_free(r);
    r = announce(c, "2027-01-14");
    it_expect(r, 201);
    flag = json_array_get(json_object_get(json_object_get(r->json, "detail"), "flags"), 0);
    ck_assert_str_eq(jstr(flag, "rule"), "SZ-MTG-FIRST");
    ck_assert_ptr_nonnull(strstr(jstr(flag, "message"), "must fall after"));
    it_free(r);

    /* the flag is on the case, naming the act */
    json_t *flags;
    r = case_flags(a, &flags);
    ck_assert_uint_eq(json_array_size(flags), 1);
    ck_assert_str_eq(jstr(json_array_get(flags, 0), "rule"), "SZ-MTG-FIRST");
    ck_assert_str_eq(jstr(json_array_get(flags, 0), "act_id"), act_a);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(flags, 0), "missing_year")),
                     2027);
    it_free(r);

    /* the case's deadlines: the meeting notice is due, provisionally, on Friday 2027-01-01 */
    r = get_path("/v1/applications/%s/deadlines", a);
    json_t *notice = find_rule(json_object_get(r->json, "items"), "SZ-MTG-NOTICE");
    ck_assert_ptr_nonnull(notice);
    ck_assert_str_eq(jstr(notice, "due"), "2027-01-01");
    ck_assert(json_is_true(json_object_get(notice, "provisional")));
    ck_assert_int_eq(json_integer_value(json_object_get(notice, "missing_year")), 2027);
    ck_assert_uint_eq(json_array_size(json_object_get(notice, "history")), 0);
    char notice_id[37];
    snprintf(notice_id, sizeof notice_id, "%s", jstr(notice, "id"));
    it_free(r);

    /* the dashboard filters what waits for the calendar */
    char q[256];
    snprintf(q, sizeof q, "/v1/deadlines?provisional=true&case_id=%s", a);
    r = it_get(q, court());
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_ptr_nonnull(find_rule(items, "SZ-MTG-NOTICE"));
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        ck_assert(json_is_true(json_object_get(x, "provisional")));
        ck_assert_ptr_nonnull(jstr(x, "due"));
    }
    it_free(r);
    snprintf(q, sizeof q, "/v1/deadlines?provisional=false&case_id=%s", a);
    r = it_get(q, court());
    it_expect(r, 200);
    items = json_object_get(r->json, "items");
    ck_assert_ptr_null(find_rule(items, "SZ-MTG-NOTICE"));
    ck_assert_ptr_nonnull(find_rule(items, "SZ-ANN-ACCEPTANCE")); /* met by the announcement */
    json_array_foreach(items, i, x) ck_assert(json_is_false(json_object_get(x, "provisional")));
    it_free(r);
    r = it_get("/v1/deadlines?provisional=maybe", court());
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "\"provisional\""));
    it_free(r);

    /* B's meeting notice as an earlier version stored it: undated, waiting for 2027 (the
     * shape migration 0010 marks provisional) */
    char *undate = it_fmt("UPDATE deadlines SET due = NULL, trace = '{\"error\": "
                          "\"calendar_year_missing\", \"missing_year\": 2027}' "
                          "WHERE case_id = '%s' AND rule_id = 'SZ-MTG-NOTICE' AND provisional "
                          "AND missing_year = 2027 RETURNING 1",
                          b);
    ck_assert_int_eq(sql_long(undate), 1);
    free(undate);

    /* ---- the court enters 2027, with a holiday on the provisional due date ---- */
    r = it_call("PUT", "/v1/calendar/2027", court(), CALENDAR_2027, NULL);
    it_expect(r, 200);
    it_free(r);
    expect_readyz(2027, 0);

    /* the notice moved back past New Year's Day, with its history, audited */
    r = get_path("/v1/applications/%s/deadlines", a);
    notice = find_rule(json_object_get(r->json, "items"), "SZ-MTG-NOTICE");
    ck_assert_str_eq(jstr(notice, "due"), "2026-12-31");
    ck_assert(json_is_false(json_object_get(notice, "provisional")));
    ck_assert(json_is_null(json_object_get(notice, "missing_year")));
    json_t *h = json_array_get(json_object_get(notice, "history"), 0);
    ck_assert_str_eq(jstr(h, "change"), "calendar_year_entered");
    ck_assert_int_eq(json_integer_value(json_object_get(h, "year")), 2027);
    ck_assert_str_eq(jstr(h, "due_before"), "2027-01-01");
    ck_assert_str_eq(jstr(h, "due_after"), "2026-12-31");
    ck_assert_ptr_nonnull(jstr(h, "at"));
    it_free(r);
    char *audit = it_fmt("SELECT count(*) FROM audit_log WHERE action = 'deadline.redate' AND "
                         "object_id = '%s' AND role = 'court' AND subject = 'judge-year-end' AND "
                         "detail->>'due_after' = '2026-12-31'",
                         notice_id);
    ck_assert_int_eq(sql_long(audit), 1);
    free(audit);
    snprintf(q, sizeof q, "/v1/deadlines?provisional=true&case_id=%s", a);
    r = it_get(q, court());
    it_expect(r, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);

    /* A: the claim period now ends Monday 2027-01-18, the day of the meeting: flagged on the
     * case, the act stands with its dates re-checked */
    r = case_flags(a, &flags);
    ck_assert_uint_eq(json_array_size(flags), 2);
    flag = json_array_get(flags, 1);
    ck_assert_str_eq(jstr(flag, "rule"), "SZ-MTG-FIRST");
    ck_assert_str_eq(jstr(flag, "act_id"), act_a);
    ck_assert_ptr_nonnull(strstr(jstr(flag, "message"), "2027 entered"));
    ck_assert_ptr_nonnull(strstr(jstr(flag, "message"), "2027-01-18"));
    it_free(r);
    r = get_path("/v1/applications/%s/acts", a);
    json_t *act = NULL;
    json_array_foreach(json_object_get(r->json, "items"), i,
                       x) if (strcmp(jstr(x, "kind"), "announced") == 0) act = x;
    ck_assert_ptr_nonnull(act);
    detail = json_object_get(act, "detail");
    ck_assert_str_eq(jstr(detail, "claim_period_end"), "2027-01-18");
    ck_assert_str_eq(jstr(detail, "first_meeting_latest"), "2027-02-02");
    ck_assert(json_is_false(json_object_get(detail, "provisional")));
    ck_assert_str_eq(jstr(json_object_get(detail, "recheck"), "outcome"), "outside_bounds");
    ck_assert_str_eq(jstr(act, "event_date"), "2027-01-18");
    it_free(r);
    audit = it_fmt(
        "SELECT count(*) FROM audit_log WHERE action = 'act.recheck' AND object_id = '%s'", act_a);
    ck_assert_int_eq(sql_long(audit), 1);
    free(audit);

    /* B: a meeting on 2027-01-25 still falls within them: no new flag */
    r = case_flags(b, &flags);
    ck_assert_uint_eq(json_array_size(flags), 1);
    it_free(r);
    /* B's undated notice is dated like the others: 15 days before 2027-01-25 is Sunday
     * 01-10, back to Friday 2027-01-08 */
    r = get_path("/v1/applications/%s/deadlines", b);
    notice = find_rule(json_object_get(r->json, "items"), "SZ-MTG-NOTICE");
    ck_assert_str_eq(jstr(notice, "due"), "2027-01-08");
    ck_assert(json_is_false(json_object_get(notice, "provisional")));
    h = json_array_get(json_object_get(notice, "history"), 0);
    ck_assert(json_is_null(json_object_get(h, "due_before")));
    ck_assert_str_eq(jstr(h, "due_after"), "2027-01-08");
    ck_assert_str_eq(jstr(json_object_get(notice, "trace"), "due"), "2027-01-08");
    it_free(r);
    /* C was outside already: flagged again, now on the law's dates */
    r = case_flags(c, &flags);
    ck_assert_uint_eq(json_array_size(flags), 2);
    it_free(r);

    /* the calculator now gives the law's date */
    r = it_call("POST", "/v1/rules/SZ-APP-DECIDE/deadline", adm, "{\"trigger\":\"2026-12-02\"}",
                NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "due"), "2027-01-04");
    ck_assert(json_is_false(json_object_get(r->json, "provisional")));
    it_free(r);
    /* entering the year again changes nothing that was dated: no new history */
    r = it_call("PUT", "/v1/calendar/2027", court(), CALENDAR_2027, NULL);
    it_expect(r, 200);
    it_free(r);
    r = case_flags(a, &flags);
    ck_assert_uint_eq(json_array_size(flags), 2);
    it_free(r);
    free(adm);
}
END_TEST

static Suite *year_end_suite(void)
{
    Suite *s = suite_create(SUITE);
    TCase *tc = tcase_create(SUITE);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_year_not_entered_does_not_stop_a_case);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, NULL};
IT_MAIN(SUITE, year_end_suite, env)
