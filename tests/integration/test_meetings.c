/* test_meetings.c: creditors' meetings over HTTP, with the server's "today" fixed at
 * 2026-06-15 (a Monday). A case is accepted, its administrator designated and the first
 * meeting announced for 2026-07-25; creditors declare, and their claims reach the meeting as
 * confirmed (set in the database, as the claims suite's walk to confirmation is its own) or
 * with the court's provisional amount (through the API). The first meeting end to end:
 * notice, members and weights, attendance, a resolution failing on amount by one fen and one
 * passing, an exempt-property-list vote, changed ballots, receipts recomputed with
 * sha256sum, a creditor's vote status with ETag and 304, closing, minutes (JSON and HTML),
 * the revocation period in the case and inside and outside it, and a second meeting asked
 * for by creditors holding exactly a quarter (refused, SZ-MTG-CALL) and a quarter and one
 * fen. Elsewhere: the same at the edge in another case, a late notice (and one counted on
 * 2027, which the calendar lacks), secured creditors out of a distribution plan, a
 * reorganization plan by groups, each role refused where it must be, and many creditors
 * casting and changing ballots at once while others read the tally. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define TODAY "2026-06-15"

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *court(void)
{
    return it_token_kept("court", "judge-meetings");
}

static void set_sql(const char *sql)
{
    bool ok = false;
    free(it_sql(sql, &ok));
    ck_assert_msg(ok, "%s", sql);
}

static char *sql_value(const char *sql)
{
    bool ok = false;
    char *v = it_sql(sql, &ok);
    ck_assert_msg(ok && v, "%s", sql);
    return v;
}

/* An accepted case with its administrator, announced with the first meeting on
 * 2026-07-25 in Court room 3. */
static void announced_case(struct it_case *k)
{
    it_announced_case(k, "mtg", TODAY, false, IT_DEBTOR_MATERIALS,
                      "{\"kind\":\"announced\",\"date\":\"" TODAY "\",\"claim_period_days\":30,"
                      "\"event_date\":\"2026-07-25\",\"place\":\"Court room 3\"}");
}

/* A creditor declares a claim of `principal`; the claim's id goes into id. */
static void declare(const struct it_case *k, const struct it_party *cred, const char *principal,
                    char id[37])
{
    char path[160];
    snprintf(path, sizeof path, "/v1/applications/%s/claims", k->id);
    char *body = it_fmt(
        "{\"creditor_name\":\"%s\",\"principal\":\"%s\",\"claimed_class\":\"ordinary\","
        "\"secured\":false,\"evidence\":[{\"kind\":\"loan_contract\",\"reference\":\"c-1\"}]}",
        cred->sub, principal);
    struct it_resp *r = it_post(path, cred->token, body);
    it_expect(r, 201);
    snprintf(id, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

/* The claim confirmed at fen (the court's ruling, as the claims suite reaches it). */
static void confirmed(const char *claim_id, long fen)
{
    char *sql = it_fmt("UPDATE claims SET status = 'confirmed', admitted_fen = %ld, "
                       "admitted_class = 'ordinary', confirmed_fen = %ld WHERE id = '%s'",
                       fen, fen, claim_id);
    set_sql(sql);
    free(sql);
}

/* A creditor of the case holding one claim of principal, confirmed at fen. */
static void confirmed_member(const struct it_case *k, struct it_party *p, const char *prefix,
                             const char *principal, long fen, char claim[37])
{
    it_party(p, "creditor", prefix);
    declare(k, p, principal, claim);
    confirmed(claim, fen);
}

static struct it_resp *post_at(const char *fmt, const char *id, const char *token, const char *body)
{
    char path[200];
    snprintf(path, sizeof path, fmt, id);
    return it_post(path, token, body);
}

static struct it_resp *get_at(const char *fmt, const char *id, const char *token)
{
    char path[200];
    snprintf(path, sizeof path, fmt, id);
    return it_get(path, token);
}

static void expect_rule(struct it_resp *r, const char *rule)
{
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/rule");
    const char *id = jstr(json_object_get(r->json, "rule"), "id");
    ck_assert_msg(id && strcmp(id, rule) == 0, "expected rule %s: %s", rule, r->body);
}

/* The meeting convened by `token` with body; its id into id. */
static void convened(const struct it_case *k, const char *token, const char *body, char id[37])
{
    struct it_resp *r = post_at("/v1/applications/%s/meetings", k->id, token, body);
    it_expect(r, 201);
    snprintf(id, 37, "%s", it_str(r, "id"));
    it_free(r);
}

/* The case's first meeting, convened by the administrator and noticed today. */
static void noticed_first_meeting(const struct it_case *k, char m[37])
{
    convened(k, k->admin.token, "{\"kind\":\"first\"}", m);
    struct it_resp *r = post_at("/v1/meetings/%s/notice", m, k->admin.token, "{}");
    it_expect(r, 200);
    it_free(r);
}

static void item_added(const char *meeting, const char *token, const char *body, char id[37])
{
    struct it_resp *r = post_at("/v1/meetings/%s/items", meeting, token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "state"), "pending");
    snprintf(id, 37, "%s", it_str(r, "id"));
    it_free(r);
}

/* A ballot and its receipt: the digest recomputed with sha256sum from the receipt's fields. */
static json_t *cast(const char *item, const char *token, const char *body)
{
    struct it_resp *r = post_at("/v1/meeting-items/%s/ballots", item, token, body);
    it_expect(r, 201);
    json_t *receipt = json_incref(r->json);
    it_free(r);
    return receipt;
}

/* A ballot cast in the room, recorded by the administrator with its paper's reference. */
static json_t *room_ballot(const char *item, const struct it_case *k, const char *member,
                           const char *choice, const char *paper)
{
    char *body =
        it_fmt("{\"choice\":\"%s\",\"member\":\"%s\",\"paper_ref\":\"%s\"}", choice, member, paper);
    json_t *receipt = cast(item, k->admin.token, body);
    free(body);
    return receipt;
}

static void check_digest(const json_t *receipt)
{
    char *cmd = it_fmt("printf '%%s' '%s|%s|%s|%lld|%s' | sha256sum", jstr(receipt, "item_id"),
                       jstr(receipt, "member"), jstr(receipt, "choice"),
                       (long long)json_integer_value(json_object_get(receipt, "seq")),
                       jstr(receipt, "time"));
    FILE *p = popen(cmd, "r");
    char hex[65] = "";
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(fscanf(p, "%64s", hex), 1);
    pclose(p);
    free(cmd);
    ck_assert_str_eq(hex, jstr(receipt, "digest"));
}

static const json_t *cond(const json_t *tally, const char *which)
{
    return json_object_get(json_object_get(json_object_get(tally, "tally"), "conditions"), which);
}

/* ---- the first meeting, end to end ---- */

START_TEST(first_meeting_end_to_end)
{
    struct it_case k;
    announced_case(&k);
    struct it_party a, b, cc, d, e, outsider;
    it_party(&a, "creditor", "mtg-a");
    it_party(&b, "creditor", "mtg-b");
    it_party(&cc, "creditor", "mtg-c");
    it_party(&d, "creditor", "mtg-d");
    it_party(&e, "creditor", "mtg-e");
    it_party(&outsider, "creditor", "mtg-out");
    char ca[37], cb[37], ccl[37], cd[37], ce[37];
    declare(&k, &a, "499.98", ca);
    declare(&k, &b, "500.00", cb);
    declare(&k, &cc, "0.01", ccl);
    declare(&k, &d, "100.00", cd);
    declare(&k, &e, "100.00", ce);
    confirmed(ca, 49998);
    confirmed(cb, 50000);
    confirmed(ccl, 1);
    /* d's claim is undetermined: the court sets a provisional amount of one fen; e's has none */
    struct it_resp *r = post_at("/v1/claims/%s/provisional-amount", cd, court(),
                                "{\"amount\":\"0.01\",\"reason\":\"disputed in part\"}");
    it_expect(r, 200);
    it_free(r);

    /* the first meeting is the announced one; a creditor does not convene it */
    r = post_at("/v1/applications/%s/meetings", k.id, a.token, "{\"kind\":\"first\"}");
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/applications/%s/meetings", k.id, k.admin.token,
                "{\"kind\":\"first\",\"date\":\"2026-07-26\"}");
    expect_rule(r, "SZ-MTG-FIRST");
    it_free(r);
    r = post_at("/v1/applications/%s/meetings", k.id, k.debtor.token, "{\"kind\":\"first\"}");
    it_expect(r, 403);
    it_free(r);
    char m[37];
    r = post_at("/v1/applications/%s/meetings", k.id, k.admin.token, "{\"kind\":\"first\"}");
    it_expect(r, 201);
    snprintf(m, sizeof m, "%s", it_str(r, "id"));
    ck_assert_str_eq(it_str(r, "date"), "2026-07-25");
    ck_assert_str_eq(it_str(r, "place"), "Court room 3");
    ck_assert_str_eq(it_str(r, "called_by"), "announcement");
    ck_assert_str_eq(it_str(r, "state"), "convened");
    char *loc = it_fmt("/v1/meetings/%s", m);
    ck_assert_str_eq(it_header(r, "Location"), loc);
    free(loc);
    it_free(r);
    r = post_at("/v1/applications/%s/meetings", k.id, court(), "{\"kind\":\"first\"}");
    it_expect(r, 409);
    it_free(r);

    /* the agenda */
    char i1[37], i2[37], i3[37];
    item_added(m, k.admin.token, "{\"kind\":\"general\",\"text\":\"Sell the car by auction\"}", i1);
    item_added(m, k.admin.token, "{\"kind\":\"general\",\"text\":\"Keep the lease\"}", i2);
    item_added(m, court(),
               "{\"kind\":\"exempt_property_list\",\"text\":\"The debtor's list\","
               "\"reference\":\"exempt-list-1\"}",
               i3);
    r = post_at("/v1/meetings/%s/items", m, k.admin.token,
                "{\"kind\":\"committee\",\"text\":\"Committee\",\"committee_members\":"
                "[\"mtg-a\",\"mtg-b\"]}");
    expect_rule(r, "SZ-MTG-COMMITTEE");
    it_free(r);
    r = post_at("/v1/meetings/%s/items", m, a.token, "{\"kind\":\"general\",\"text\":\"x\"}");
    it_expect(r, 403);
    it_free(r);

    /* voting waits for the notice */
    r = post_at("/v1/meeting-items/%s/opening", i1, k.admin.token, NULL);
    it_expect(r, 409);
    ck_assert_str_eq(jstr(json_object_get(r->json, "rule"), "id"), "SZ-MTG-NOTICE");
    it_free(r);
    r = post_at("/v1/meetings/%s/notice", m, a.token, "{}");
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/meetings/%s/notice", m, k.admin.token, "{}");
    it_expect(r, 200);
    const json_t *notice = json_object_get(r->json, "notice");
    ck_assert_str_eq(jstr(notice, "date"), TODAY);
    ck_assert_str_eq(jstr(notice, "due"), "2026-07-10"); /* 15 days before the 25th */
    ck_assert(json_is_false(json_object_get(notice, "late")));
    it_free(r);
    char *sql = it_fmt("SELECT status FROM deadlines WHERE case_id = '%s' AND rule_id = "
                       "'SZ-MTG-NOTICE'",
                       k.id);
    char *v = sql_value(sql);
    ck_assert_str_eq(v, "met");
    free(v);
    free(sql);

    /* attendance: a in person, b by agent with a power of attorney, e present */
    r = post_at("/v1/meetings/%s/attendance", m, k.admin.token,
                "{\"member\":\"mtg-b\",\"mode\":\"agent\"}");
    it_expect(r, 400);
    it_free(r);
    r = post_at("/v1/meetings/%s/attendance", m, k.admin.token,
                "{\"member\":\"mtg-out\",\"mode\":\"in_person\"}");
    expect_rule(r, "SZ-MTG-MEMBERS");
    it_free(r);
    char *att = it_fmt("{\"member\":\"%s\",\"mode\":\"in_person\"}", a.sub);
    r = post_at("/v1/meetings/%s/attendance", m, k.admin.token, att);
    it_expect(r, 200);
    it_free(r);
    free(att);
    att = it_fmt("{\"member\":\"%s\",\"mode\":\"agent\",\"agent_name\":\"Lawyer Zhou\","
                 "\"power_of_attorney\":\"POA-2026-17\"}",
                 b.sub);
    r = post_at("/v1/meetings/%s/attendance", m, k.admin.token, att);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "power_of_attorney"), "POA-2026-17");
    it_free(r);
    free(att);

    /* item 1 opens: the membership is frozen from the claims */
    r = post_at("/v1/meeting-items/%s/opening", i1, a.token, NULL);
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/meeting-items/%s/opening", i1, k.admin.token, NULL);
    it_expect(r, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "voting_members")), 4);
    ck_assert_str_eq(it_str(r, "rule_id"), "SZ-MTG-RESOLUTION");
    it_free(r);
    sql = it_fmt("SELECT string_agg(member || ':' || amount_fen || ':' || votes || ':' || "
                 "coalesce(no_vote_reason, '-'), ',' ORDER BY member) FROM meeting_item_members "
                 "WHERE item_id = '%s'",
                 i1);
    v = sql_value(sql);
    char *want = it_fmt("%s:49998:true:-,%s:50000:true:-,%s:1:true:-,%s:1:true:-,"
                        "%s:0:false:SZ-MTG-MEMBERS",
                        a.sub, b.sub, cc.sub, d.sub, e.sub);
    ck_assert_str_eq(v, want);
    free(want);
    free(v);
    free(sql);
    /* a later claim change does not move the frozen membership (put back before item 2) */
    confirmed(ccl, 777700);

    /* ballots: room ballots by the administrator, online ones by the creditors */
    json_t *ra = room_ballot(i1, &k, a.sub, "for", "P-001");
    ck_assert_str_eq(jstr(ra, "channel"), "room");
    check_digest(ra);
    json_t *rb = room_ballot(i1, &k, b.sub, "against", "P-002");
    ck_assert_str_eq(jstr(rb, "channel"), "agent");
    json_t *rc = cast(i1, cc.token, "{\"choice\":\"for\"}");
    ck_assert_str_eq(jstr(rc, "channel"), "online");
    check_digest(rc);
    json_t *rd1 = cast(i1, d.token, "{\"choice\":\"against\"}");
    r = post_at("/v1/meeting-items/%s/ballots", i1, e.token, "{\"choice\":\"for\"}");
    expect_rule(r, "SZ-MTG-MEMBERS"); /* present, no vote */
    it_free(r);
    r = post_at("/v1/meeting-items/%s/ballots", i1, outsider.token, "{\"choice\":\"for\"}");
    it_expect(r, 404);
    it_free(r);
    r = post_at("/v1/meeting-items/%s/ballots", i1, cc.token,
                "{\"choice\":\"for\",\"member\":\"mtg-a\"}");
    it_expect(r, 400);
    it_free(r);
    r = post_at("/v1/meeting-items/%s/ballots", i2, cc.token, "{\"choice\":\"for\"}");
    it_expect(r, 409); /* item 2 is not open */
    it_free(r);
    char *dept = it_token("department", "dept-mtg");
    r = post_at("/v1/meeting-items/%s/ballots", i1, dept, "{\"choice\":\"for\"}");
    it_expect(r, 403);
    it_free(r);

    /* c polls its vote status with If-None-Match */
    r = get_at("/v1/meetings/%s/vote-status", m, cc.token);
    it_expect(r, 200);
    char etag[128];
    snprintf(etag, sizeof etag, "%s", it_header(r, "ETag"));
    const json_t *s1 = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert(json_is_true(json_object_get(s1, "counted")));
    ck_assert_str_eq(jstr(s1, "weight"), "0.01");
    ck_assert_str_eq(jstr(json_object_get(s1, "ballot"), "digest"), jstr(rc, "digest"));
    ck_assert(json_is_null(
        json_object_get(json_array_get(json_object_get(r->json, "items"), 1), "tally")));
    it_free(r);
    char *inm = it_fmt("If-None-Match: %s", etag);
    const char *hdrs[] = {inm, NULL};
    char *vs_path = it_fmt("/v1/meetings/%s/vote-status", m);
    r = it_call("GET", vs_path, cc.token, NULL, hdrs);
    it_expect(r, 304);
    it_free(r);
    r = get_at("/v1/meetings/%s/vote-status?member=mtg-a", m, cc.token);
    it_expect(r, 403);
    it_free(r);
    r = get_at("/v1/meetings/%s/vote-status", m, k.admin.token);
    it_expect(r, 400);
    it_free(r);
    r = get_at("/v1/meetings/%s/vote-status", m, outsider.token);
    it_expect(r, 404);
    it_free(r);

    /* d changes its ballot: the last one counts, both are kept; 3 of 4 heads for, the
     * amount 50,000 fen of 100,000: not more than half, by one fen */
    json_t *rd2 = cast(i1, d.token, "{\"choice\":\"for\"}");
    check_digest(rd2);
    ck_assert_int_gt(json_integer_value(json_object_get(rd2, "seq")),
                     json_integer_value(json_object_get(rd1, "seq")));
    r = it_call("GET", vs_path, cc.token, NULL, hdrs);
    it_expect(r, 200); /* the tally moved: a new ETag */
    it_free(r);
    r = get_at("/v1/meeting-items/%s/tally", i1, k.debtor.token);
    it_expect(r, 200);
    ck_assert(json_is_false(json_object_get(r->json, "passed")));
    ck_assert(json_is_true(json_object_get(cond(r->json, "heads"), "met")));
    ck_assert(json_is_false(json_object_get(cond(r->json, "amount"), "met")));
    ck_assert_str_eq(jstr(cond(r->json, "amount"), "yes"), "500.00");
    ck_assert_str_eq(jstr(cond(r->json, "amount"), "base"), "1000.00");
    ck_assert_str_eq(jstr(cond(r->json, "amount"), "of"), "unsecured");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "ballots_counted")), 4);
    it_free(r);
    confirmed(ccl, 1);
    sql = it_fmt("SELECT count(*) FROM ballots WHERE item_id = '%s'", i1);
    v = sql_value(sql);
    ck_assert_str_eq(v, "5");
    free(v);
    free(sql);
    r = post_at("/v1/meeting-items/%s/closing", i1, k.admin.token, NULL);
    it_expect(r, 200);
    ck_assert(json_is_false(json_object_get(r->json, "passed")));
    it_free(r);
    r = post_at("/v1/meeting-items/%s/ballots", i1, d.token, "{\"choice\":\"against\"}");
    it_expect(r, 409); /* closed: no ballot after it */
    it_free(r);

    /* item 2 passes: a, b and c for, d against */
    r = post_at("/v1/meeting-items/%s/opening", i2, court(), NULL);
    it_expect(r, 200);
    it_free(r);
    json_decref(room_ballot(i2, &k, a.sub, "for", "P-003"));
    json_decref(room_ballot(i2, &k, b.sub, "for", "P-004"));
    json_decref(cast(i2, cc.token, "{\"choice\":\"abstain\"}"));
    json_decref(cast(i2, cc.token, "{\"choice\":\"for\"}"));
    json_decref(cast(i2, d.token, "{\"choice\":\"against\"}"));
    r = post_at("/v1/meeting-items/%s/closing", i2, k.admin.token, NULL);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "passed")));
    ck_assert_str_eq(jstr(cond(json_object_get(r->json, "result"), "amount"), "yes"), "999.99");
    it_free(r);

    /* item 3, the exempt-property list: a and b for */
    r = post_at("/v1/meeting-items/%s/opening", i3, k.admin.token, NULL);
    it_expect(r, 200);
    it_free(r);
    json_decref(room_ballot(i3, &k, a.sub, "for", "P-005"));
    json_decref(room_ballot(i3, &k, b.sub, "for", "P-006"));
    json_decref(cast(i3, cc.token, "{\"choice\":\"for\"}"));
    r = post_at("/v1/meeting-items/%s/closing", i3, k.admin.token, NULL);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "passed")));
    it_free(r);

    /* the receipts match what the vote status shows as counted */
    r = it_get(vs_path, d.token);
    it_expect(r, 200);
    const json_t *d1 = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert_str_eq(jstr(json_object_get(d1, "ballot"), "digest"), jstr(rd2, "digest"));
    ck_assert_int_eq(json_integer_value(json_object_get(d1, "ballots_cast")), 2);
    ck_assert_str_eq(jstr(json_object_get(d1, "tally"), "state"), "closed");
    it_free(r);

    /* closing the meeting opens SZ-MTG-REVOKE in the case */
    r = post_at("/v1/meetings/%s/closing", m, a.token, NULL);
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/meetings/%s/closing", m, k.admin.token, NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "closed");
    ck_assert_str_eq(it_str(r, "closed_on"), TODAY);
    it_free(r);
    sql = it_fmt("SELECT due FROM deadlines WHERE case_id = '%s' AND rule_id = 'SZ-MTG-REVOKE'",
                 k.id);
    v = sql_value(sql);
    ck_assert_str_eq(v, "2026-06-30");
    free(v);
    free(sql);
    r = post_at("/v1/meetings/%s/items", m, k.admin.token, "{\"kind\":\"general\",\"text\":\"x\"}");
    it_expect(r, 409);
    it_free(r);

    /* the minutes */
    r = get_at("/v1/meetings/%s/minutes", m, k.debtor.token);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "final")));
    ck_assert_str_eq(jstr(json_object_get(r->json, "rule"), "id"), "SZ-MTG-MINUTES");
    const json_t *items = json_object_get(json_object_get(r->json, "meeting"), "items");
    ck_assert_int_eq(json_array_size(items), 3);
    ck_assert(json_is_false(json_object_get(json_array_get(items, 0), "passed")));
    ck_assert(json_is_true(json_object_get(json_array_get(items, 1), "passed")));
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "attendance")), 4);
    it_free(r);
    r = get_at("/v1/meetings/%s/minutes.html", m, court());
    it_expect(r, 200);
    ck_assert_ptr_nonnull(strstr(it_header(r, "Content-Type"), "text/html"));
    ck_assert_ptr_nonnull(strstr(r->body, "Sell the car by auction"));
    ck_assert_ptr_nonnull(strstr(r->body, "not passed"));
    it_free(r);
    char *agency = it_token("agency", "agency-mtg");
    r = get_at("/v1/meetings/%s/minutes", m, agency);
    it_expect(r, 403);
    it_free(r);
    free(agency);

    /* a revocation inside the period, then outside it */
    char *rev = it_fmt("{\"item_id\":\"%s\",\"reasons\":\"the vote was miscounted\"}", i2);
    r = post_at("/v1/meetings/%s/revocation-requests", m, k.admin.token, rev);
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/meetings/%s/revocation-requests", m, d.token, rev);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "due"), "2026-06-30");
    it_free(r);
    sql = it_fmt("UPDATE meetings SET closed_on = '2026-05-20' WHERE id = '%s'", m);
    set_sql(sql);
    free(sql);
    r = post_at("/v1/meetings/%s/revocation-requests", m, d.token, rev);
    expect_rule(r, "SZ-MTG-REVOKE"); /* its 15 days ended on 2026-06-04 */
    ck_assert_ptr_nonnull(strstr(r->body, "2026-06-04"));
    it_free(r);
    free(rev);

    /* a second meeting, asked for by creditors: f's claim of 333.33 is exactly a quarter of
     * the 1333.32 the case's claims now total (confirmed or admitted), so f alone is refused;
     * with c's 0.01 it is a quarter and one fen, and the meeting is convened */
    struct it_party f;
    char cf[37];
    confirmed_member(&k, &f, "mtg-f", "333.33", 33333, cf);
    char *ask = it_fmt("{\"kind\":\"later\",\"date\":\"2026-08-10\",\"place\":\"Room 5\","
                       "\"requesting_creditors\":[\"%s\"]}",
                       f.sub);
    r = post_at("/v1/applications/%s/meetings", k.id, f.token, ask);
    expect_rule(r, "SZ-MTG-CALL");
    ck_assert_ptr_nonnull(strstr(r->body, "333.33 of 1333.32"));
    it_free(r);
    free(ask);
    ask = it_fmt("{\"kind\":\"later\",\"date\":\"2026-08-10\",\"place\":\"Room 5\","
                 "\"requesting_creditors\":[\"%s\",\"%s\"]}",
                 f.sub, cc.sub);
    r = post_at("/v1/applications/%s/meetings", k.id, f.token, ask);
    it_expect(r, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "number")), 2);
    ck_assert_str_eq(jstr(json_object_get(r->json, "call_check"), "requesting"), "333.34");
    it_free(r);
    free(ask);

    /* every change is in the trail */
    sql = it_fmt("SELECT count(*) FROM audit_log WHERE case_id = '%s' AND action IN "
                 "('meeting.convene', 'meeting.notice', 'meeting.item_add', "
                 "'meeting.attendance', 'meeting.item_open', 'ballot.cast', "
                 "'meeting.item_close', 'meeting.close', 'meeting.revocation_request')",
                 k.id);
    v = sql_value(sql);
    ck_assert_int_eq(atoi(v), 2 + 1 + 3 + 2 + 3 + 13 + 3 + 1 + 1);
    free(v);
    free(sql);
    free(inm);
    free(vs_path);
    free(dept);
    json_decref(ra);
    json_decref(rb);
    json_decref(rc);
    json_decref(rd1);
    json_decref(rd2);
}
END_TEST

/* ---- a later meeting: SZ-MTG-CALL, SZ-MTG-NOTICE ---- */

/* Claims past what 64 bits add up to (each within bigint): weighed as a refusal naming the
 * rule, never a failure of the service. */
START_TEST(claims_too_large_to_weigh_are_refused_by_the_rule)
{
    struct it_case k;
    announced_case(&k);
    struct it_party x, y;
    char cx[37], cy[37];
    confirmed_member(&k, &x, "mtg-huge-x", "1.00", 100, cx);
    confirmed_member(&k, &y, "mtg-huge-y", "1.00", 100, cy);
    confirmed(cx, 5000000000000000000L);
    confirmed(cy, 5000000000000000000L);
    char *body = it_fmt("{\"kind\":\"later\",\"date\":\"2026-08-20\",\"place\":\"Room 1\","
                        "\"requesting_creditors\":[\"%s\"]}",
                        x.sub);
    struct it_resp *r = post_at("/v1/applications/%s/meetings", k.id, x.token, body);
    expect_rule(r, "SZ-MTG-CALL");
    ck_assert_ptr_nonnull(strstr(r->body, "more than the service can weigh"));
    it_free(r);
    free(body);
}
END_TEST

START_TEST(later_meeting_called_by_creditors)
{
    struct it_case k;
    announced_case(&k);
    struct it_party x, y, z;
    char cx[37], cy[37], cz[37];
    confirmed_member(&k, &x, "mtg-x", "250.00", 25000, cx);
    confirmed_member(&k, &y, "mtg-y", "750.00", 75000, cy);
    /* exactly a quarter is not more than a quarter */
    char *body = it_fmt("{\"kind\":\"later\",\"date\":\"2026-08-20\",\"online_room\":"
                        "\"https://meet.example/r1\",\"requesting_creditors\":[\"%s\"]}",
                        x.sub);
    struct it_resp *r = post_at("/v1/applications/%s/meetings", k.id, x.token, body);
    expect_rule(r, "SZ-MTG-CALL");
    ck_assert_ptr_nonnull(strstr(r->body, "250.00 of 1000.00"));
    it_free(r);
    free(body);
    /* naming a creditor twice does not count its claims twice */
    body = it_fmt("{\"kind\":\"later\",\"date\":\"2026-08-20\",\"place\":\"Room 1\","
                  "\"requesting_creditors\":[\"%s\",\"%s\"]}",
                  x.sub, x.sub);
    r = post_at("/v1/applications/%s/meetings", k.id, x.token, body);
    expect_rule(r, "SZ-MTG-CALL");
    it_free(r);
    free(body);
    /* a request must name the caller */
    body = it_fmt("{\"kind\":\"later\",\"date\":\"2026-08-20\",\"place\":\"Room 1\","
                  "\"requesting_creditors\":[\"%s\"]}",
                  y.sub);
    r = post_at("/v1/applications/%s/meetings", k.id, x.token, body);
    it_expect(r, 400);
    it_free(r);
    free(body);
    /* z's claim of one fen joins: 250.01 of 1000.01 is more than a quarter */
    confirmed_member(&k, &z, "mtg-z", "0.01", 1, cz);
    body = it_fmt("{\"kind\":\"later\",\"date\":\"2026-08-20\",\"online_room\":"
                  "\"https://meet.example/r1\",\"requesting_creditors\":[\"%s\",\"%s\"]}",
                  x.sub, z.sub);
    r = post_at("/v1/applications/%s/meetings", k.id, x.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "called_by"), "creditors");
    const json_t *check = json_object_get(r->json, "call_check");
    ck_assert(json_is_true(json_object_get(check, "met")));
    ck_assert_str_eq(jstr(check, "requesting"), "250.01");
    ck_assert_str_eq(jstr(check, "total"), "1000.01");
    char m[37];
    snprintf(m, sizeof m, "%s", it_str(r, "id"));
    it_free(r);
    free(body);

    /* the notice of a meeting 2026-06-25 is late on 2026-06-15 (15 days before it) */
    char late[37];
    convened(&k, court(), "{\"kind\":\"later\",\"date\":\"2026-06-25\",\"place\":\"Room 2\"}",
             late);
    r = post_at("/v1/meetings/%s/notice", late, k.admin.token, "{}");
    expect_rule(r, "SZ-MTG-NOTICE");
    it_free(r);
    r = post_at("/v1/meetings/%s/notice", late, court(), "{}");
    expect_rule(r, "SZ-MTG-NOTICE");
    it_free(r);
    r = post_at("/v1/meetings/%s/notice", late, court(),
                "{\"late_reason\":\"the debtor's assets are perishing\"}");
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(json_object_get(r->json, "notice"), "late")));
    it_free(r);
    char *sql = it_fmt("SELECT count(*) FROM applications WHERE id = '%s' AND flags::text LIKE "
                       "'%%SZ-MTG-NOTICE%%'",
                       k.id);
    char *v = sql_value(sql);
    ck_assert_str_eq(v, "1");
    free(v);
    free(sql);
    /* a meeting in a year the court calendar lacks: its notice's last day is provisional */
    char next_year[37];
    convened(&k, court(), "{\"kind\":\"later\",\"date\":\"2027-01-25\",\"place\":\"Room 2\"}",
             next_year);
    r = post_at("/v1/meetings/%s/notice", next_year, k.admin.token, "{}");
    it_expect(r, 200);
    const json_t *notice = json_object_get(r->json, "notice");
    ck_assert_str_eq(jstr(notice, "due"), "2027-01-08"); /* the 10th, a Sunday, moved back */
    ck_assert(json_is_true(json_object_get(notice, "due_provisional")));
    it_free(r);
    /* a meeting in the past is not convened; the list shows the meetings */
    r = post_at("/v1/applications/%s/meetings", k.id, court(),
                "{\"kind\":\"later\",\"date\":\"2026-06-01\",\"place\":\"Room 2\"}");
    it_expect(r, 400);
    it_free(r);
    r = get_at("/v1/applications/%s/meetings", k.id, y.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 3);
    it_free(r);
    r = get_at("/v1/applications/%s/meetings?limit=1", k.id, y.token);
    it_expect(r, 200);
    char next[256];
    it_link_next(r, next, sizeof next);
    ck_assert_str_eq(it_str(r, "next_cursor"), "1");
    it_free(r);
    r = it_get(next, y.token);
    it_expect(r, 200);
    ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "items"), 0), "id"), late);
    it_free(r);
    r = get_at("/v1/meetings/%s", m, k.debtor.token);
    it_expect(r, 200);
    it_free(r);
    struct it_party other;
    it_party(&other, "creditor", "mtg-other");
    r = get_at("/v1/meetings/%s", m, other.token);
    it_expect(r, 404);
    it_free(r);
    /* the court rules on a plan the meeting did not pass: reconsideration within 15 days */
    r = post_at("/v1/applications/%s/acts", k.id, court(), "{\"kind\":\"unpassed_plan_ruled\"}");
    it_expect(r, 201);
    it_free(r);
    sql = it_fmt("SELECT due FROM deadlines WHERE case_id = '%s' AND rule_id = "
                 "'SZ-MTG-UNPASSED-PLANS'",
                 k.id);
    v = sql_value(sql);
    ck_assert_str_eq(v, "2026-06-30");
    free(v);
    free(sql);
}
END_TEST

/* ---- the same meeting under the draft national law (an instance with RULE_PROFILE) ---- */

/* One case of the instance now in use: a holds 700.00, b 200.00, c 100.00 (confirmed); a
 * later meeting on 2026-07-03 is convened by the court and noticed today by the
 * administrator, which answers into notice_reply; a attends alone and votes for a general
 * item: the tally into tally_reply. */
static void a_lone_majority_votes(struct it_resp **notice_reply, struct it_resp **tally_reply,
                                  const char *prefix)
{
    struct it_case k;
    announced_case(&k);
    struct it_party a, b, cc;
    char ca[37], cb[37], ccl[37], p[32];
    snprintf(p, sizeof p, "%s-a", prefix);
    confirmed_member(&k, &a, p, "700.00", 70000, ca);
    snprintf(p, sizeof p, "%s-b", prefix);
    confirmed_member(&k, &b, p, "200.00", 20000, cb);
    snprintf(p, sizeof p, "%s-c", prefix);
    confirmed_member(&k, &cc, p, "100.00", 10000, ccl);
    char m[37], item[37];
    convened(&k, court(), "{\"kind\":\"later\",\"date\":\"2026-07-03\",\"place\":\"Room 4\"}", m);
    *notice_reply = post_at("/v1/meetings/%s/notice", m, k.admin.token, "{}");
    if ((*notice_reply)->status != 200) { /* late: the court gives its reason */
        struct it_resp *r = post_at("/v1/meetings/%s/notice", m, court(),
                                    "{\"late_reason\":\"the estate is perishing\"}");
        it_expect(r, 200);
        it_free(r);
    }
    item_added(m, k.admin.token, "{\"kind\":\"general\",\"text\":\"Sell the car\"}", item);
    char *att = it_fmt("{\"member\":\"%s\",\"mode\":\"in_person\"}", a.sub);
    struct it_resp *r = post_at("/v1/meetings/%s/attendance", m, k.admin.token, att);
    it_expect(r, 200);
    it_free(r);
    free(att);
    r = post_at("/v1/meeting-items/%s/opening", item, k.admin.token, NULL);
    it_expect(r, 200);
    it_free(r);
    json_decref(cast(item, a.token, "{\"choice\":\"for\"}"));
    *tally_reply = get_at("/v1/meeting-items/%s/tally", item, k.debtor.token);
    it_expect(*tally_reply, 200);
}

/* Art. 53 gives notice 20 days ahead (SZ-MTG-NOTICE: 15) and Art. 54 counts heads among all
 * creditors with a vote (SZ-MTG-RESOLUTION: among those present). The same case on this
 * suite's instance and on one under prc-draft-2000. */
START_TEST(a_prc_profile_meeting_follows_its_own_rules)
{
    struct it_resp *notice, *tally;
    a_lone_majority_votes(&notice, &tally, "mtg-sz");
    it_expect(notice, 200); /* 18 days ahead is in time */
    ck_assert(json_is_true(json_object_get(tally->json, "passed")));
    ck_assert(json_is_true(json_object_get(cond(tally->json, "heads"), "met")));
    it_free(notice);
    it_free(tally);

    char url[64], own[64];
    snprintf(own, sizeof own, "%s", it_base_url());
    const char *prc_env[] = {"TODAY=" TODAY, "RULE_PROFILE=prc-draft-2000", NULL};
    pid_t pid = it_spawn("meetings-prc", prc_env, url, sizeof url);
    it_use_server(url);
    a_lone_majority_votes(&notice, &tally, "mtg-prc");
    expect_rule(notice, "PRC-MTG-NOTICE");
    /* 20 days before is Saturday 2026-06-13, moved back to the Friday */
    ck_assert_msg(strstr(it_str(notice, "detail"), "by 2026-06-12") != NULL, "%s", notice->body);
    ck_assert(json_is_false(json_object_get(tally->json, "passed")));
    ck_assert_str_eq(it_str(tally, "rule_id"), "PRC-MTG-RESOLUTION");
    ck_assert(json_is_false(json_object_get(cond(tally->json, "heads"), "met")));
    ck_assert_str_eq(jstr(cond(tally->json, "heads"), "of"), "eligible");
    ck_assert(json_is_true(json_object_get(cond(tally->json, "amount"), "met"))); /* 700 of 1000 */
    it_free(notice);
    it_free(tally);
    it_use_server(own);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}
END_TEST

/* ---- a distribution plan: secured creditors do not vote ---- */

START_TEST(distribution_plan_without_secured_votes)
{
    struct it_case k;
    announced_case(&k);
    struct it_party s, u;
    char cs[37], cu[37];
    confirmed_member(&k, &s, "mtg-secured", "800.00", 80000, cs);
    confirmed_member(&k, &u, "mtg-unsecured", "200.00", 20000, cu);
    char *sql = it_fmt("UPDATE claims SET admitted_secured_fen = 80000 WHERE id = '%s'", cs);
    set_sql(sql);
    free(sql);
    char m[37], item[37];
    noticed_first_meeting(&k, m);
    struct it_resp *r;
    item_added(m, k.admin.token, "{\"kind\":\"distribution_plan\",\"text\":\"Plan 1\"}", item);
    r = post_at("/v1/meeting-items/%s/opening", item, k.admin.token, NULL);
    it_expect(r, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "voting_members")), 1);
    it_free(r);
    r = post_at("/v1/meeting-items/%s/ballots", item, s.token, "{\"choice\":\"against\"}");
    expect_rule(r, "SZ-MTG-SECURED-NO-DIST-VOTE");
    it_free(r);
    json_decref(cast(item, u.token, "{\"choice\":\"for\"}"));
    r = get_at("/v1/meeting-items/%s/tally", item, s.token);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "passed")));
    it_free(r);
}
END_TEST

/* ---- a reorganization plan: the groups of SZ-REO-GROUPS ---- */

START_TEST(reorganization_plan_by_groups)
{
    struct it_case k;
    announced_case(&k);
    struct it_party o1, o2, o3, emp, sec;
    char c1[37], c2[37], c3[37], ce[37], cs[37];
    confirmed_member(&k, &o1, "mtg-o1", "600.00", 60000, c1);
    confirmed_member(&k, &o2, "mtg-o2", "300.00", 30000, c2);
    confirmed_member(&k, &o3, "mtg-o3", "0.50", 50, c3);
    confirmed_member(&k, &emp, "mtg-emp", "100.00", 10000, ce);
    confirmed_member(&k, &sec, "mtg-sec", "500.00", 50000, cs);
    char *sql = it_fmt("UPDATE claims SET admitted_class = 'employees' WHERE id = '%s'", ce);
    set_sql(sql);
    free(sql);
    sql = it_fmt("UPDATE claims SET admitted_secured_fen = 50000 WHERE id = '%s'", cs);
    set_sql(sql);
    free(sql);
    char m[37], item[37];
    convened(&k, court(), "{\"kind\":\"first\"}", m);
    struct it_resp *r = post_at("/v1/meetings/%s/notice", m, court(), "{}");
    it_expect(r, 200);
    it_free(r);
    r = post_at("/v1/meetings/%s/items", m, k.admin.token,
                "{\"kind\":\"general\",\"text\":\"x\",\"small_claims_max\":\"1.00\"}");
    it_expect(r, 400);
    it_free(r);
    item_added(m, k.admin.token,
               "{\"kind\":\"reorganization_plan\",\"text\":\"The plan\",\"reference\":"
               "\"plan-1\",\"small_claims_max\":\"1.00\"}",
               item);
    r = post_at("/v1/meeting-items/%s/opening", item, k.admin.token, NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "rule_id"), "SZ-REO-PASS");
    ck_assert(json_is_true(json_object_get(r->json, "by_groups")));
    it_free(r);
    sql = it_fmt("SELECT string_agg(member || ':' || grp, ',' ORDER BY member) FROM "
                 "meeting_item_members WHERE item_id = '%s'",
                 item);
    char *v = sql_value(sql);
    char *want = it_fmt("%s:employees,%s:ordinary,%s:ordinary,%s:small_claims,%s:secured", emp.sub,
                        o1.sub, o2.sub, o3.sub, sec.sub);
    ck_assert_str_eq(v, want);
    free(want);
    free(v);
    free(sql);
    json_decref(cast(item, o1.token, "{\"choice\":\"for\"}"));
    json_decref(cast(item, o2.token, "{\"choice\":\"against\"}"));
    json_decref(cast(item, o3.token, "{\"choice\":\"for\"}"));
    json_decref(cast(item, emp.token, "{\"choice\":\"for\"}"));
    json_decref(cast(item, sec.token, "{\"choice\":\"for\"}"));
    r = get_at("/v1/meeting-items/%s/tally", item, k.debtor.token);
    it_expect(r, 200);
    const json_t *groups = json_object_get(r->json, "groups");
    ck_assert(json_is_false(json_object_get(r->json, "passed")));
    ck_assert_str_eq(jstr(groups, "group_rule_id"), "SZ-REO-GROUP-PASS");
    ck_assert_int_eq(json_integer_value(json_object_get(groups, "groups_total")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(groups, "groups_passed")), 3);
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(groups, "groups"), i, g)
    {
        bool ordinary = strcmp(jstr(g, "group"), "ordinary") == 0;
        /* the ordinary group: one head of two present is not more than half */
        ck_assert(json_is_boolean(json_object_get(g, "passed")));
        ck_assert(json_is_true(json_object_get(g, "passed")) != ordinary);
    }
    it_free(r);
}
END_TEST

/* ---- a vote status answered 304 from memory, and made stale by another instance ---- */

START_TEST(vote_status_memory_follows_other_instances)
{
    struct it_case k;
    announced_case(&k);
    struct it_party p;
    char claim[37], m[37], item[37];
    confirmed_member(&k, &p, "mtg-poll", "10.00", 1000, claim);
    noticed_first_meeting(&k, m);
    struct it_resp *r;
    item_added(m, k.admin.token, "{\"kind\":\"general\",\"text\":\"Polled\"}", item);
    r = post_at("/v1/meeting-items/%s/opening", item, k.admin.token, NULL);
    it_expect(r, 200);
    it_free(r);
    json_decref(cast(item, p.token, "{\"choice\":\"for\"}"));
    char first[128], second[64];
    snprintf(first, sizeof first, "%s", it_base_url());
    const char *env2[] = {"TODAY=" TODAY, NULL};
    pid_t pid = it_spawn("meetings-second", env2, second, sizeof second);
    it_use_server(second);
    char *path = it_fmt("/v1/meetings/%s/vote-status", m);
    r = it_get(path, p.token);
    it_expect(r, 200);
    char etag[128];
    snprintf(etag, sizeof etag, "%s", it_header(r, "ETag"));
    it_free(r);
    char *inm = it_fmt("If-None-Match: %s", etag);
    const char *hdrs[] = {inm, NULL};
    for (int i = 0; i < 2; i++) { /* the second from memory */
        r = it_call("GET", path, p.token, NULL, hdrs);
        it_expect(r, 304);
        it_free(r);
    }
    /* the creditor changes its ballot through the first instance: the second hears it */
    it_use_server(first);
    json_decref(cast(item, p.token, "{\"choice\":\"against\"}"));
    it_use_server(second);
    long status = 304;
    for (int i = 0; i < 100 && status == 304; i++) {
        r = it_call("GET", path, p.token, NULL, hdrs);
        status = r->status;
        if (status == 200)
            ck_assert_str_ne(it_header(r, "ETag"), etag);
        it_free(r);
        if (status == 304)
            usleep(20 * 1000);
    }
    ck_assert_int_eq(status, 200);
    /* an administrator's poll always asks the database; a creditor's other member is 403 */
    r = get_at("/v1/meetings/%s/vote-status?member=mtg-a", m, p.token);
    it_expect(r, 403);
    it_free(r);
    it_use_server(first);
    kill(pid, SIGTERM);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    free(inm);
    free(path);
}
END_TEST

/* ---- many creditors at once ---- */

#define VOTERS 24
#define ROUNDS 3

struct voter {
    struct it_party p;
    const char *item;
    int accepted, offset;
    char digests[ROUNDS][65];
    char ids[ROUNDS][37];
};

static void *vote_thread(void *arg)
{
    struct voter *v = arg;
    static const char *const seq[] = {"{\"choice\":\"for\"}", "{\"choice\":\"against\"}",
                                      "{\"choice\":\"for\"}", "{\"choice\":\"abstain\"}"};
    unsigned start = (unsigned)(v->p.sub[strlen(v->p.sub) - 1]) + (unsigned)v->offset;
    for (int i = 0; i < ROUNDS; i++) {
        struct it_resp *r =
            post_at("/v1/meeting-items/%s/ballots", v->item, v->p.token, seq[(start + i) % 4]);
        if (r->status == 201) {
            snprintf(v->digests[v->accepted], 65, "%s", it_str(r, "digest"));
            snprintf(v->ids[v->accepted], 37, "%s", it_str(r, "ballot_id"));
            v->accepted++;
        }
        it_free(r);
    }
    return NULL;
}

static void *read_thread(void *arg)
{
    const char *item = arg;
    for (int i = 0; i < 10; i++) {
        struct it_resp *r = get_at("/v1/meeting-items/%s/tally", item, court());
        ck_assert_msg(r->status == 200, "tally: %ld", r->status);
        it_free(r);
    }
    return NULL;
}

START_TEST(concurrent_ballots_counted_once)
{
    struct it_case k;
    announced_case(&k);
    /* two threads per creditor: its own ballots race each other as well as the others' */
    static struct voter voters[2 * VOTERS];
    for (int i = 0; i < VOTERS; i++) {
        char prefix[32], claim[37];
        snprintf(prefix, sizeof prefix, "mtg-many-%d", i);
        it_party(&voters[i].p, "creditor", prefix);
        voters[VOTERS + i].p = voters[i].p;
        declare(&k, &voters[i].p, "10.00", claim);
        confirmed(claim, 1000 + i);
    }
    char m[37], item[37];
    noticed_first_meeting(&k, m);
    struct it_resp *r;
    item_added(m, k.admin.token, "{\"kind\":\"general\",\"text\":\"Many\"}", item);
    r = post_at("/v1/meeting-items/%s/opening", item, k.admin.token, NULL);
    it_expect(r, 200);
    it_free(r);
    pthread_t t[2 * VOTERS + 2];
    for (int i = 0; i < 2 * VOTERS; i++) {
        voters[i].item = item;
        voters[i].accepted = 0;
        voters[i].offset = i / VOTERS;
        pthread_create(&t[i], NULL, vote_thread, &voters[i]);
    }
    pthread_create(&t[2 * VOTERS], NULL, read_thread, item);
    pthread_create(&t[2 * VOTERS + 1], NULL, read_thread, item);
    for (int i = 0; i < 2 * VOTERS + 2; i++)
        pthread_join(t[i], NULL);
    int accepted = 0;
    for (int i = 0; i < 2 * VOTERS; i++) {
        accepted += voters[i].accepted;
        /* every receipt names a stored ballot with its digest */
        for (int j = 0; j < voters[i].accepted; j++) {
            char *sql = it_fmt("SELECT digest FROM ballots WHERE id = '%s'", voters[i].ids[j]);
            char *v = sql_value(sql);
            ck_assert_str_eq(v, voters[i].digests[j]);
            free(v);
            free(sql);
        }
    }
    ck_assert_int_eq(accepted, 2 * VOTERS * ROUNDS);
    char *sql = it_fmt("SELECT count(*) FROM ballots WHERE item_id = '%s'", item);
    char *v = sql_value(sql);
    ck_assert_int_eq(atoi(v), accepted);
    free(v);
    free(sql);
    /* each member's counted ballot is its last stored one */
    sql = it_fmt("SELECT count(*) FROM meeting_item_members m WHERE m.item_id = '%s' AND "
                 "m.choice IS DISTINCT FROM (SELECT b.choice FROM ballots b WHERE b.item_id = "
                 "m.item_id AND b.member = m.member ORDER BY b.seq DESC LIMIT 1)",
                 item);
    v = sql_value(sql);
    ck_assert_str_eq(v, "0");
    free(v);
    free(sql);
    r = post_at("/v1/meeting-items/%s/closing", item, k.admin.token, NULL);
    it_expect(r, 200);
    const json_t *result = json_object_get(r->json, "result");
    ck_assert_int_eq(json_integer_value(json_object_get(result, "ballots_counted")), VOTERS);
    const json_t *heads = json_object_get(json_object_get(result, "tally"), "heads");
    const json_t *amounts = json_object_get(json_object_get(result, "tally"), "amounts");
    /* the recount from the stored ballots: each member's last one */
    sql = it_fmt("SELECT count(*) FILTER (WHERE l.choice = 'for') || ':' || "
                 "coalesce(sum(m.amount_fen) FILTER (WHERE l.choice = 'for'), 0) || ':' || "
                 "count(*) FILTER (WHERE l.choice = 'against') FROM meeting_item_members m "
                 "JOIN LATERAL (SELECT choice FROM ballots b WHERE b.item_id = m.item_id AND "
                 "b.member = m.member ORDER BY seq DESC LIMIT 1) l ON true WHERE m.item_id = '%s'",
                 item);
    v = sql_value(sql);
    long for_heads = 0, for_fen = 0, against = 0;
    ck_assert_int_eq(sscanf(v, "%ld:%ld:%ld", &for_heads, &for_fen, &against), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(heads, "for")), for_heads);
    ck_assert_int_eq(json_integer_value(json_object_get(heads, "against")), against);
    char money[32];
    snprintf(money, sizeof money, "%ld.%02ld", for_fen / 100, for_fen % 100);
    ck_assert_str_eq(json_string_value(json_object_get(amounts, "for")), money);
    free(v);
    free(sql);
    it_free(r);
}
END_TEST

static Suite *meetings_suite(void)
{
    Suite *s = suite_create("meetings");
    TCase *tc = tcase_create("meetings");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, first_meeting_end_to_end);
    tcase_add_test(tc, later_meeting_called_by_creditors);
    tcase_add_test(tc, claims_too_large_to_weigh_are_refused_by_the_rule);
    tcase_add_test(tc, distribution_plan_without_secured_votes);
    tcase_add_test(tc, reorganization_plan_by_groups);
    tcase_add_test(tc, vote_status_memory_follows_other_instances);
    tcase_add_test(tc, concurrent_ballots_counted_once);
    tcase_add_test(tc, a_prc_profile_meeting_follows_its_own_rules);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, NULL};
IT_MAIN("meetings", meetings_suite, env)
