/* plan_steps.h: the steps the plan suites (test_reorganization.c, test_settlement.c) share:
 * requests at a formatted path, refusals naming a rule, direct SQL checks, a case's
 * confirmed creditors, a meeting noticed, a plan put to the vote, ballots, payments
 * reported and confirmed, the feed's changes of a case and its phase. The including suite
 * defines TODAY. */
#ifndef PLAN_STEPS_H
#define PLAN_STEPS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static inline const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static inline const char *court(void)
{
    return it_token_kept("court", "judge-reo");
}

static inline void set_sql(const char *sql)
{
    bool ok = false;
    free(it_sql(sql, &ok));
    ck_assert_msg(ok, "%s", sql);
}

static inline char *sql_value(const char *sql)
{
    bool ok = false;
    char *v = it_sql(sql, &ok);
    ck_assert_msg(ok && v, "%s", sql);
    return v;
}

static inline void expect_sql(const char *expected, const char *fmt, const char *id)
{
    char *sql = it_fmt(fmt, id);
    char *v = sql_value(sql);
    ck_assert_msg(strcmp(v, expected) == 0, "%s: %s, expected %s", sql, v, expected);
    free(v);
    free(sql);
}

static inline struct it_resp *post_at(const char *fmt, const char *id, const char *token,
                                      const char *body)
{
    char path[300];
    snprintf(path, sizeof path, fmt, id);
    return it_post(path, token, body);
}

static inline struct it_resp *get_at(const char *fmt, const char *id, const char *token)
{
    char path[300];
    snprintf(path, sizeof path, fmt, id);
    return it_get(path, token);
}

static inline void expect_rule(struct it_resp *r, const char *rule)
{
    it_expect(r, 422);
    const char *id = jstr(json_object_get(r->json, "rule"), "id");
    ck_assert_msg(id && strcmp(id, rule) == 0, "expected rule %s: %s", rule, r->body);
}

static inline void expect_status(struct it_resp *r, int status)
{
    it_expect(r, status);
    it_free(r);
}

/* An accepted liquidation, announced today with a 30-day claim period and the first meeting
 * on 2026-07-25. */
static inline void announced_case(struct it_case *k, const char *prefix)
{
    it_announced_case(k, prefix, TODAY, false, IT_DEBTOR_MATERIALS,
                      "{\"kind\":\"announced\",\"date\":\"" TODAY "\",\"claim_period_days\":30,"
                      "\"event_date\":\"2026-07-25\",\"place\":\"Court room 3\"}");
}

/* A creditor of the case with one claim confirmed at fen in klass (secured: the whole claim
 * secured). */
static inline void member(const struct it_case *k, struct it_party *p, const char *prefix, long fen,
                          const char *klass, bool secured)
{
    it_party(p, "creditor", prefix);
    char path[160];
    snprintf(path, sizeof path, "/v1/applications/%s/claims", k->id);
    char *body = it_fmt(
        "{\"creditor_name\":\"%s\",\"principal\":\"%ld.%02ld\",\"claimed_class\":\"ordinary\","
        "\"secured\":false,\"evidence\":[{\"kind\":\"loan_contract\",\"reference\":\"c-1\"}]}",
        p->sub, fen / 100, fen % 100);
    struct it_resp *r = it_post(path, p->token, body);
    it_expect(r, 201);
    char *sql = it_fmt("UPDATE claims SET status = 'confirmed', admitted_fen = %ld, "
                       "admitted_class = '%s', confirmed_fen = %ld, admitted_secured_fen = %ld "
                       "WHERE id = '%s'",
                       fen, klass, fen, secured ? fen : 0L, it_str(r, "id"));
    set_sql(sql);
    free(sql);
    it_free(r);
    free(body);
}

/* A later meeting on date convened and noticed by the court; its id into m. */
static inline void noticed_meeting(const struct it_case *k, const char *date, char m[37])
{
    char *body = it_fmt("{\"kind\":\"later\",\"date\":\"%s\",\"place\":\"Court room 5\"}", date);
    struct it_resp *r = post_at("/v1/applications/%s/meetings", k->id, court(), body);
    it_expect(r, 201);
    snprintf(m, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    expect_status(post_at("/v1/meetings/%s/notice", m, court(), "{}"), 200);
}

/* The plan put to the vote at meeting m and the item opened; the item's id into item. */
static inline void voting(const char *plan, const struct it_case *k, const char *m, char item[37])
{
    char *body = it_fmt("{\"meeting_id\":\"%s\",\"text\":\"The debtor's plan\"}", m);
    struct it_resp *r = post_at("/v1/plans/%s/vote", plan, k->admin.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "reference"), plan);
    snprintf(item, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    expect_status(post_at("/v1/meeting-items/%s/opening", item, k->admin.token, NULL), 200);
}

static inline void ballot(const char *item, const struct it_party *p, const char *choice)
{
    char *body = it_fmt("{\"choice\":\"%s\"}", choice);
    expect_status(post_at("/v1/meeting-items/%s/ballots", item, p->token, body), 201);
    free(body);
}

static inline void pay(const char *plan, const struct it_case *k, const struct it_party *to,
                       const char *amount)
{
    char *body = it_fmt("{\"creditor\":\"%s\",\"amount\":\"%s\",\"paid_on\":\"" TODAY "\","
                        "\"evidence\":[{\"kind\":\"bank_transfer\",\"reference\":\"tx-%u\"}]}",
                        to->sub, amount, it_unique());
    struct it_resp *r = post_at("/v1/plans/%s/payments", plan, k->debtor.token, body);
    it_expect(r, 201);
    ck_assert(json_is_false(json_object_get(r->json, "confirmed")));
    char path[200];
    snprintf(path, sizeof path, "/v1/plans/%s/payments/%s/confirmation", plan, it_str(r, "id"));
    it_free(r);
    /* only the administrator confirms */
    expect_status(it_post(path, k->debtor.token, NULL), 403);
    r = it_post(path, k->admin.token, NULL);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "confirmed")));
    it_free(r);
    free(body);
}

/* The case's changes in the feed whose change is `change` under rule. */
static inline int feed_changes(const char *case_id, const char *change, const char *rule)
{
    char *dept = it_token("department", "dept-reo");
    char after[32] = "0";
    int n = 0;
    for (;;) {
        char path[128];
        snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s&limit=100", after);
        struct it_resp *r = it_get(path, dept);
        it_expect(r, 200);
        const json_t *items = json_object_get(r->json, "items");
        size_t i;
        const json_t *c;
        json_array_foreach(items, i, c)
        {
            if (strcmp(jstr(c, "case_id"), case_id) == 0 &&
                strcmp(jstr(c, "change"), change) == 0 &&
                strcmp(jstr(json_object_get(c, "rule"), "id"), rule) == 0)
                n++;
            snprintf(after, sizeof after, "%s", jstr(c, "cursor"));
        }
        size_t got = json_array_size(items);
        it_free(r);
        if (got < 100)
            break;
    }
    free(dept);
    return n;
}

static inline void expect_phase(const char *case_id, const char *phase)
{
    struct it_resp *r = get_at("/v1/applications/%s", case_id, court());
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "phase"), phase);
    it_free(r);
}

/* The plan drafted by the debtor with body (201); its id into plan. */
static inline void drafted(const struct it_case *k, const char *body, char plan[37])
{
    struct it_resp *r = post_at("/v1/applications/%s/plans", k->id, k->debtor.token, body);
    it_expect(r, 201);
    snprintf(plan, 37, "%s", it_str(r, "id"));
    it_free(r);
}

#endif
