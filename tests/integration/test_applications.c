/* test_applications.c: filing, completing, withdrawing and deciding applications over
 * HTTP, with each statutory refusal naming its rule, the case number on acceptance, the
 * priority of a debtor's reorganization, role scoping of lists and reads, the audit trail,
 * and that a refused write leaves nothing behind. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "clock.h"
#include "harness.h"

/* A debtor registered by itself: eligible unless extra overrides the defaults. */
static void registered_debtor(struct it_party *d, char id[37], const char *extra)
{
    it_party(d, "debtor", "person");
    char number[19];
    it_idnumber(it_unique(), number);
    it_party_vouched(d, number);
    char *body = it_fmt("{\"name\":\"Debtor %s\",\"id_number\":\"%s\"%s}", d->sub, number,
                        extra ? extra : ",\"sez_resident\":true,\"social_insurance_years\":5");
    struct it_resp *r = it_post("/v1/debtors", d->token, body);
    it_expect(r, 201);
    snprintf(id, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

/* A creditor's petition against the person of a debtor's record (by name and number). */
static struct it_resp *petition(struct it_party *c, const char *debtor_id, const char *amount,
                                const char *extra)
{
    char *person = it_person_of(debtor_id);
    char *body = it_fmt("{\"debtor\":%s,\"procedure\":\"liquidation\",\"claims\":[{\"amount\":"
                        "\"%s\",\"due_date\":\"2025-06-30\"}],\"materials\":%s%s}",
                        person, amount, IT_CREDITOR_MATERIALS, extra ? extra : "");
    struct it_resp *r = it_post("/v1/applications", c->token, body);
    free(body);
    free(person);
    return r;
}

static struct it_resp *debtor_files(struct it_party *d, const char *debtor_id,
                                    const char *procedure, const char *extra)
{
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"%s\",\"materials\":%s%s}", debtor_id,
                        procedure, IT_DEBTOR_MATERIALS, extra ? extra : "");
    struct it_resp *r = it_post("/v1/applications", d->token, body);
    free(body);
    return r;
}

static struct it_resp *decide(const char *app_id, const char *body)
{
    char *court = it_token("court", "judge-apps");
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/decision", app_id);
    struct it_resp *r = it_post(path, court, body);
    free(court);
    return r;
}

static void expect_rule(struct it_resp *r, const char *rule, const char *field)
{
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/rule");
    json_t *ref = json_object_get(r->json, "rule");
    ck_assert_str_eq(json_string_value(json_object_get(ref, "id")), rule);
    ck_assert_ptr_nonnull(json_string_value(json_object_get(ref, "citation")));
    if (field != NULL) {
        json_t *e = json_array_get(json_object_get(r->json, "errors"), 0);
        ck_assert_str_eq(json_string_value(json_object_get(e, "field")), field);
    }
}

static bool has_flag(struct it_resp *r, const char *rule)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(r->json, "flags"), i,
                       f) if (strcmp(json_string_value(json_object_get(f, "rule")), rule) ==
                              0) return true;
    return false;
}

static long sql_count(const char *f, const char *arg)
{
    char sql[512];
    snprintf(sql, sizeof sql, f, arg);
    bool ok;
    char *v = it_sql(sql, &ok);
    ck_assert_msg(ok && v, "%s failed", sql);
    long n = strtol(v, NULL, 10);
    free(v);
    return n;
}

START_TEST(creditor_petition_needs_more_than_500000)
{
    struct it_party d, c;
    char debtor[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    struct it_resp *r = petition(&c, debtor, "500000.00", NULL);
    expect_rule(r, "SZ-APP-CREDITOR-MIN", "claims");
    it_free(r);
    /* nothing half-written: no application, no audit row */
    ck_assert_int_eq(sql_count("SELECT count(*) FROM applications WHERE debtor_id = '%s'", debtor),
                     0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'application.file' "
                               "AND subject = '%s'",
                               c.sub),
                     0);
    r = petition(&c, debtor, "500000.01", NULL);
    it_expect(r, 201);
    char location[128];
    snprintf(location, sizeof location, "/v1/applications/%s", it_str(r, "id"));
    ck_assert_str_eq(it_header(r, "Location"), location);
    ck_assert_str_eq(it_str(r, "status"), "pending");
    ck_assert_str_eq(it_str(r, "claims_due_total"), "500000.01");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(r->json, "applicant"), "role")),
        "creditor");
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "materials_missing")), 0);
    it_free(r);
}
END_TEST

/* The petition's answer with what differs between any two petitions (ids, times, cursors,
 * the debtor's id) taken out. */
static json_t *petition_shape(struct it_resp *r)
{
    json_t *shape = json_deep_copy(r->json);
    static const char *const varying[] = {"id",         "debtor_id", "created_at",
                                          "updated_at", "cursor",    NULL};
    for (const char *const *k = varying; *k; k++)
        json_object_del(shape, *k);
    return shape;
}

/* A creditor petitions against a person by name and identity number: the record with the
 * number is linked, or one is made; the answer does not say which. */
START_TEST(creditor_petitions_by_name_and_number_alike_for_known_and_new)
{
    struct it_party c;
    it_party(&c, "creditor", "bank");
    char *court = it_token("court", "registrar");
    char known[19], unknown[19];
    it_idnumber(it_unique(), known);
    it_idnumber(it_unique(), unknown);
    char *body = it_fmt("{\"name\":\"Known Person\",\"id_number\":\"%s\"}", known);
    struct it_resp *r = it_post("/v1/debtors", court, body);
    it_expect(r, 201);
    char known_id[37];
    snprintf(known_id, sizeof known_id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    const char *numbers[2] = {known, unknown};
    const char *names[2] = {"Known Person", "New Person"};
    struct it_resp *answers[2];
    for (int i = 0; i < 2; i++) {
        body = it_fmt("{\"debtor\":{\"name\":\"%s\",\"id_number\":\"%s\"},\"procedure\":"
                      "\"liquidation\",\"claims\":[{\"amount\":\"600000.00\",\"due_date\":"
                      "\"2025-06-30\"}],\"materials\":%s}",
                      names[i], numbers[i], IT_CREDITOR_MATERIALS);
        answers[i] = it_post("/v1/applications", c.token, body);
        free(body);
        it_expect(answers[i], 201);
    }
    /* the known person's record is linked, not made again; the new one is made, with the name */
    ck_assert_str_eq(it_str(answers[0], "debtor_id"), known_id);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM debtors WHERE id_number = '%s'", known), 1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM debtors WHERE id_number = '%s' AND "
                               "name = 'New Person' AND subject IS NULL",
                               unknown),
                     1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log a JOIN debtors d ON "
                               "a.object_id = d.id::text WHERE a.action = 'debtor.create' AND "
                               "d.id_number = '%s'",
                               unknown),
                     1);
    /* and the two answers are the same but for ids and times */
    json_t *a = petition_shape(answers[0]), *b = petition_shape(answers[1]);
    char *ta = json_dumps(a, JSON_SORT_KEYS), *tb = json_dumps(b, JSON_SORT_KEYS);
    ck_assert_msg(json_equal(a, b), "the answers differ:\n%s\n%s", ta, tb);
    ck_assert(has_flag(answers[0], "SZ-ELIG-RESIDENCE"));
    free(ta);
    free(tb);
    json_decref(a);
    json_decref(b);
    /* a petition under another name against a registered number tells the creditor nothing:
     * until acceptance it reads back the name it gave, not the record's */
    char *court2 = it_token("court", "registrar");
    char other[19];
    it_idnumber(it_unique(), other);
    body = it_fmt("{\"name\":\"Zhang San\",\"id_number\":\"%s\"}", other);
    r = it_post("/v1/debtors", court2, body);
    it_expect(r, 201);
    it_free(r);
    free(body);
    body = it_fmt("{\"debtor\":{\"name\":\"Wrong Name\",\"id_number\":\"%s\"},\"procedure\":"
                  "\"liquidation\",\"claims\":[{\"amount\":\"600000.00\",\"due_date\":"
                  "\"2025-06-30\"}],\"materials\":%s}",
                  other, IT_CREDITOR_MATERIALS);
    struct it_resp *guess = it_post("/v1/applications", c.token, body);
    free(body);
    it_expect(guess, 201);
    char guess_path[96];
    snprintf(guess_path, sizeof guess_path, "/v1/debtors/%s", it_str(guess, "debtor_id"));
    r = it_get(guess_path, c.token);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "name"), "Wrong Name");
    it_free(r);
    char decide[128];
    snprintf(decide, sizeof decide, "/v1/applications/%s/decision", it_str(guess, "id"));
    r = it_post(decide, court2, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    it_free(r);
    r = it_get(guess_path, c.token); /* the case is accepted: the person the court knows */
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "name"), "Zhang San");
    it_free(r);
    it_free(guess);
    free(court2);
    /* each creditor reads the person it named in the creditor view: name and masked number */
    for (int i = 0; i < 2; i++) {
        char path[96];
        snprintf(path, sizeof path, "/v1/debtors/%s", it_str(answers[i], "debtor_id"));
        r = it_get(path, c.token);
        it_expect(r, 200);
        ck_assert_str_eq(it_str(r, "view"), "creditor");
        ck_assert_str_eq(it_str(r, "name"), names[i]);
        ck_assert_ptr_null(strstr(r->body, numbers[i]));
        it_free(r);
        it_free(answers[i]);
    }
    /* a creditor does not name the record by id, nor a debtor by name and number */
    body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"claims\":[{\"amount\":"
                  "\"600000.00\",\"due_date\":\"2025-06-30\"}]}",
                  known_id);
    r = it_post("/v1/applications", c.token, body);
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "\"debtor_id\""));
    it_free(r);
    free(body);
    struct it_party d;
    char own[37];
    registered_debtor(&d, own, NULL);
    body = it_fmt("{\"debtor\":{\"name\":\"X\",\"id_number\":\"%s\"},\"procedure\":"
                  "\"liquidation\"}",
                  known);
    r = it_post("/v1/applications", d.token, body);
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "\"debtor\""));
    it_free(r);
    free(body);
    free(court);
}
END_TEST

START_TEST(claims_not_yet_due_do_not_count)
{
    struct it_party d, c;
    char debtor[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    char *person = it_person_of(debtor);
    char *body = it_fmt("{\"debtor\":%s,\"procedure\":\"liquidation\",\"claims\":["
                        "{\"amount\":\"400000.00\",\"due_date\":\"2025-01-01\"},"
                        "{\"amount\":\"200000.00\",\"due_date\":\"2099-01-01\"}]}",
                        person);
    free(person);
    struct it_resp *r = it_post("/v1/applications", c.token, body);
    expect_rule(r, "SZ-APP-CREDITOR-MIN", "claims");
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "400000.00"));
    it_free(r);
    free(body);
}
END_TEST

START_TEST(creditor_petitions_for_liquidation_only)
{
    struct it_party d, c;
    char debtor[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    char *person = it_person_of(debtor);
    char *body = it_fmt("{\"debtor\":%s,\"procedure\":\"reorganization\",\"claims\":["
                        "{\"amount\":\"900000.00\",\"due_date\":\"2025-01-01\"}]}",
                        person);
    free(person);
    struct it_resp *r = it_post("/v1/applications", c.token, body);
    expect_rule(r, "SZ-APP-CREDITOR-MIN", "procedure");
    it_free(r);
    free(body);
}
END_TEST

/* c1 petitions against the debtor with c2 as co-applicant: c1's claim of `own` and one of
 * `theirs` in c2's name, both due; with the creditor's materials when complete. */
static struct it_resp *joint_petition(const struct it_party *c1, const struct it_party *c2,
                                      const char *debtor, const char *own, const char *theirs,
                                      bool complete)
{
    char *person = it_person_of(debtor);
    char *body = it_fmt("{\"debtor\":%s,\"procedure\":\"liquidation\",\"co_applicants\":[\"%s\"],"
                        "\"claims\":[{\"amount\":\"%s\",\"due_date\":\"2025-01-01\"},"
                        "{\"amount\":\"%s\",\"due_date\":\"2025-01-01\",\"creditor\":\"%s\"}]"
                        "%s%s}",
                        person, c2->sub, own, theirs, c2->sub, complete ? ",\"materials\":" : "",
                        complete ? IT_CREDITOR_MATERIALS : "");
    free(person);
    struct it_resp *r = it_post("/v1/applications", c1->token, body);
    free(body);
    return r;
}

START_TEST(joint_creditors_see_their_petition)
{
    struct it_party d, c1, c2, other;
    char debtor[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c1, "creditor", "bank");
    it_party(&c2, "creditor", "bank");
    it_party(&other, "creditor", "bank");
    struct it_resp *r = joint_petition(&c1, &c2, debtor, "300000.00", "200000.01", false);
    it_expect(r, 201);
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s", it_str(r, "id"));
    it_free(r);
    r = it_get(path, c2.token);
    it_expect(r, 200);
    it_free(r);
    r = it_get(path, other.token);
    it_expect(r, 404);
    it_free(r);
    r = it_get(path, d.token); /* the debtor sees petitions against it */
    it_expect(r, 200);
    it_free(r);
}
END_TEST

/* Co-applicants see a joint petition, but only the petitioner completes or withdraws it. */
START_TEST(only_the_petitioner_acts_for_a_joint_petition)
{
    struct it_party d, c1, c2;
    char debtor[37], path[160];
    registered_debtor(&d, debtor, NULL);
    it_party(&c1, "creditor", "bank");
    it_party(&c2, "creditor", "bank");
    char *person = it_person_of(debtor);
    char *body = it_fmt("{\"debtor\":%s,\"procedure\":\"liquidation\",\"co_applicants\":"
                        "[\"%s\"],\"claims\":[{\"amount\":\"600000.00\",\"due_date\":"
                        "\"2025-01-01\"}]}",
                        person, c2.sub);
    free(person);
    struct it_resp *r = it_post("/v1/applications", c1.token, body);
    free(body);
    it_expect(r, 201);
    char app[37];
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    const char *claim_proof = "{\"materials\":[{\"kind\":\"claim_proof\",\"reference\":\"p\"}]}";
    snprintf(path, sizeof path, "/v1/applications/%s/materials", app);
    r = it_post(path, c2.token, claim_proof);
    it_expect(r, 403);
    it_free(r);
    r = it_post(path, c1.token, claim_proof);
    it_expect(r, 200);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/withdrawal", app);
    r = it_post(path, c2.token, "{}");
    it_expect(r, 403);
    it_free(r);
    r = it_post(path, c1.token, "{}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "withdrawn");
    it_free(r);
}
END_TEST

static struct it_resp *co_decide(const char *app, const struct it_party *who, const char *decision)
{
    char path[128], *body = it_fmt("{\"decision\":\"%s\"}", decision);
    snprintf(path, sizeof path, "/v1/applications/%s/co-applicant-decision", app);
    struct it_resp *r = it_post(path, who->token, body);
    free(body);
    return r;
}

/* A petition may state claims in a co-applicant's name, but they count towards the
 * threshold at acceptance only once that creditor has joined by its own decision. */
START_TEST(co_applicants_count_once_they_join)
{
    struct it_party d, c1, c2, other;
    char debtor[37], app[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c1, "creditor", "bank");
    it_party(&c2, "creditor", "bank");
    it_party(&other, "creditor", "bank");
    struct it_resp *r = joint_petition(&c1, &c2, debtor, "300000.00", "200000.01", true);
    it_expect(r, 201); /* the petition as stated passes the threshold: RMB 500,000.01 */
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    /* without the co-applicant's word only the petitioner's RMB 300,000 counts */
    r = decide(app, "{\"outcome\":\"accept\"}");
    expect_rule(r, "SZ-APP-CREDITOR-MIN", NULL);
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "300000.00"));
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), c2.sub));
    it_free(r);
    /* only the creditor the petition names decides; a stranger does not even see it */
    r = co_decide(app, &c1, "joined");
    it_expect(r, 403);
    it_free(r);
    r = co_decide(app, &other, "joined");
    it_expect(r, 404);
    it_free(r);
    r = co_decide(app, &c2, "maybe");
    it_expect(r, 400);
    it_free(r);
    r = co_decide(app, &c2, "joined");
    it_expect(r, 200);
    json_t *decisions =
        json_object_get(json_object_get(r->json, "applicant"), "co_applicant_decisions");
    ck_assert_uint_eq(json_array_size(decisions), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(decisions, 0), "subject")),
                     c2.sub);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(decisions, 0), "decision")),
                     "joined");
    it_free(r);
    r = co_decide(app, &c2, "declined"); /* one decision, final */
    it_expect(r, 409);
    it_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'application.co_applicant_decide' AND subject = '%s'",
                               c2.sub),
                     1);
    r = decide(app, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "accepted");
    it_free(r);
    r = co_decide(app, &c2, "joined"); /* after the decision nothing changes */
    it_expect(r, 409);
    it_free(r);
}
END_TEST

/* A co-applicant that declines leaves its claims out: the petition is below the threshold. */
START_TEST(a_declining_co_applicant_leaves_its_claims_out)
{
    struct it_party d, c1, c2;
    char debtor[37], app[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c1, "creditor", "bank");
    it_party(&c2, "creditor", "bank");
    struct it_resp *r = joint_petition(&c1, &c2, debtor, "500000.00", "0.01", true);
    it_expect(r, 201);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    r = co_decide(app, &c2, "declined");
    it_expect(r, 200);
    it_free(r);
    r = decide(app, "{\"outcome\":\"accept\"}"); /* RMB 500,000.00 is not more than it */
    expect_rule(r, "SZ-APP-CREDITOR-MIN", NULL);
    it_free(r);
}
END_TEST

/* The law is the court's, set for the instance (RULE_PROFILE), not the applicant's: an
 * instance under prc-draft-2000 files its applications, and opens their deadlines, under
 * that profile (PRC-APP-DECIDE: 15 days, where SZ-APP-DECIDE gives 30). */
START_TEST(the_instance_profile_is_the_law_of_its_filings)
{
    char url[64], own[64];
    snprintf(own, sizeof own, "%s", it_base_url());
    const char *env[] = {"RULE_PROFILE=prc-draft-2000", NULL};
    pid_t pid = it_spawn("applications-prc", env, url, sizeof url);
    it_use_server(url);
    struct it_party d;
    char debtor[37];
    registered_debtor(&d, debtor, NULL);
    struct it_resp *r = debtor_files(&d, debtor, "liquidation", NULL);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "profile"), "prc-draft-2000");
    char *sql = it_fmt("SELECT rule_id || ' ' || (due - trigger_date) FROM deadlines "
                       "WHERE case_id = '%s' AND trigger_kind = 'filed'",
                       it_str(r, "id"));
    bool ok;
    char *deadline = it_sql(sql, &ok);
    ck_assert(ok);
    ck_assert_ptr_nonnull(deadline);
    ck_assert_msg(strncmp(deadline, "PRC-APP-DECIDE ", 15) == 0, "%s", deadline);
    ck_assert_int_ge(atoi(deadline + 15), 15); /* 15 days, rolled past a holiday at most */
    ck_assert_int_lt(atoi(deadline + 15), 30);
    free(deadline);
    free(sql);
    char app[37], path[128];
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    /* PRC-APP-DECIDE has no extension, SZ-APP-DECIDE's one is not this case's law */
    snprintf(path, sizeof path, "/v1/applications/%s/acts", app);
    char *court = it_token("court", "judge-prc");
    r = it_post(path, court, "{\"kind\":\"decision_extended\",\"note\":\"president approved\"}");
    expect_rule(r, "PRC-APP-DECIDE", NULL);
    it_free(r);
    free(court);
    /* acceptance meets the profile's decision period and opens the profile's deadlines */
    r = decide(app, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    it_free(r);
    sql = it_fmt("SELECT string_agg(rule_id || ':' || status, ',' ORDER BY rule_id) FROM deadlines "
                 "WHERE case_id = '%s' AND rule_id LIKE '%%APP-%%'",
                 app);
    char *app_deadlines = it_sql(sql, &ok);
    ck_assert(ok);
    ck_assert_str_eq(app_deadlines, "PRC-APP-DECIDE:met,PRC-APP-NOTIFY:pending");
    free(app_deadlines);
    free(sql);
    it_use_server(own);
    /* this suite's own server is under the default profile */
    registered_debtor(&d, debtor, NULL);
    r = debtor_files(&d, debtor, "liquidation", NULL);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "profile"), "shenzhen-2021");
    it_free(r);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}
END_TEST

START_TEST(debtor_must_be_eligible)
{
    struct it_party d;
    char debtor[37];
    registered_debtor(&d, debtor, ",\"sez_resident\":false,\"social_insurance_years\":5");
    struct it_resp *r = debtor_files(&d, debtor, "liquidation", NULL);
    expect_rule(r, "SZ-ELIG-RESIDENCE", "debtor_id");
    it_free(r);
    registered_debtor(&d, debtor, ",\"sez_resident\":true,\"social_insurance_years\":2");
    r = debtor_files(&d, debtor, "liquidation", NULL);
    expect_rule(r, "SZ-ELIG-RESIDENCE", "debtor_id");
    it_free(r);
    registered_debtor(&d, debtor, ",\"sez_resident\":true,\"social_insurance_years\":3");
    r = debtor_files(&d, debtor, "liquidation", NULL);
    it_expect(r, 201);
    ck_assert(!has_flag(r, "SZ-ELIG-RESIDENCE"));
    it_free(r);
    registered_debtor(&d, debtor, ""); /* residence not recorded: filed, flagged for the court */
    r = debtor_files(&d, debtor, "liquidation", NULL);
    it_expect(r, 201);
    ck_assert(has_flag(r, "SZ-ELIG-RESIDENCE"));
    it_free(r);
}
END_TEST

START_TEST(reorganization_needs_income)
{
    struct it_party d;
    char debtor[37];
    registered_debtor(&d, debtor, NULL);
    struct it_resp *r = debtor_files(&d, debtor, "reorganization", NULL);
    expect_rule(r, "SZ-ELIG-REORG", "expected_income");
    it_free(r);
    r = debtor_files(&d, debtor, "reorganization",
                     ",\"expected_income\":{\"monthly_amount\":\"0.00\",\"source\":\"none\"}");
    expect_rule(r, "SZ-ELIG-REORG", "expected_income");
    it_free(r);
    r = debtor_files(&d, debtor, "reorganization",
                     ",\"expected_income\":{\"monthly_amount\":\"8500.50\",\"source\":\"salary\"}");
    it_expect(r, 201);
    json_t *income = json_object_get(r->json, "expected_income");
    ck_assert_str_eq(json_string_value(json_object_get(income, "monthly_amount")), "8500.50");
    it_free(r);
}
END_TEST

START_TEST(spouses_file_jointly)
{
    struct it_party a, b, c;
    char ida[37], idb[37], idc[37], number_b[19];
    it_idnumber(it_unique(), number_b);
    registered_debtor(&b, idb, NULL);
    /* b's record carries number_b? no: registered_debtor makes its own; read it back */
    char *court = it_token("court", "judge-apps");
    char path[128];
    snprintf(path, sizeof path, "/v1/debtors/%s", idb);
    struct it_resp *r = it_get(path, court);
    snprintf(number_b, sizeof number_b, "%s", it_str(r, "id_number"));
    it_free(r);
    char *extra = it_fmt(",\"sez_resident\":true,\"social_insurance_years\":4,\"spouse\":{\"name\":"
                         "\"B\",\"id_number\":\"%s\"}",
                         number_b);
    registered_debtor(&a, ida, extra);
    registered_debtor(&c, idc, NULL);
    /* A names B, but B has not named A: one person cannot declare a marriage */
    char *joint_b = it_fmt(",\"joint_debtor_id\":\"%s\"", idb);
    r = debtor_files(&a, ida, "liquidation", joint_b);
    expect_rule(r, "SZ-APP-SPOUSE", "joint_debtor_id");
    it_free(r);
    free(joint_b);
    snprintf(path, sizeof path, "/v1/debtors/%s", ida);
    r = it_get(path, court);
    char *spouse_a =
        it_fmt("{\"spouse\":{\"name\":\"A\",\"id_number\":\"%s\"}}", it_str(r, "id_number"));
    it_free(r);
    snprintf(path, sizeof path, "/v1/debtors/%s", idb);
    r = it_patch(path, b.token, spouse_a);
    it_expect(r, 200);
    it_free(r);
    free(spouse_a);
    char *joint = it_fmt(",\"joint_debtor_id\":\"%s\"", idc);
    r = debtor_files(&a, ida, "liquidation", joint);
    expect_rule(r, "SZ-APP-SPOUSE", "joint_debtor_id");
    it_free(r);
    free(joint);
    joint = it_fmt(",\"joint_debtor_id\":\"%s\"", idb);
    r = debtor_files(&a, ida, "liquidation", joint);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "joint_debtor_id"), idb);
    snprintf(path, sizeof path, "/v1/applications/%s", it_str(r, "id"));
    it_free(r);
    r = it_get(path, b.token); /* the spouse sees the joint application */
    it_expect(r, 200);
    it_free(r);
    free(joint);
    free(extra);
    free(court);
}
END_TEST

START_TEST(debtor_files_only_for_itself)
{
    struct it_party x, y;
    char idx[37], idy[37];
    registered_debtor(&x, idx, NULL);
    registered_debtor(&y, idy, NULL);
    struct it_resp *r = debtor_files(&x, idy, "liquidation", NULL);
    it_expect(r, 422);
    json_t *e = json_array_get(json_object_get(r->json, "errors"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(e, "field")), "debtor_id");
    it_free(r);
}
END_TEST

START_TEST(filing_shape_is_validated)
{
    struct it_party d, c;
    char debtor[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    struct it_resp *r = petition(&c, debtor, "600000.00",
                                 ",\"joint_debtor_id\":\"00000000-0000-0000-0000-000000000000\"");
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "joint_debtor_id"));
    it_free(r);
    r = debtor_files(&d, debtor, "liquidation", ",\"claims\":[]");
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "\"claims\""));
    it_free(r);
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":"
                        "[{\"kind\":\"horoscope\",\"reference\":\"x\"}]}",
                        debtor);
    r = it_post("/v1/applications", d.token, body);
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "materials[0].kind"));
    it_free(r);
    free(body);
    r = debtor_files(&d, debtor, "liquidation", ",\"received_on\":\"2020-01-01\"");
    it_expect(r, 400); /* the receipt date is the service's, not the applicant's */
    ck_assert_ptr_nonnull(strstr(r->body, "received_on"));
    it_free(r);
    struct it_party other;
    it_party(&other, "creditor", "bank");
    char *person = it_person_of(debtor);
    char *stranger = it_fmt("{\"debtor\":%s,\"procedure\":\"liquidation\",\"claims\":[{\"amount\":"
                            "\"600000.00\",\"due_date\":\"2025-01-01\",\"creditor\":\"%s\"}]}",
                            person, other.sub);
    free(person);
    r = it_post("/v1/applications", c.token, stranger);
    it_expect(r, 400); /* a claim belongs to the petitioner or a co-applicant */
    ck_assert_ptr_nonnull(strstr(r->body, "claims[0].creditor"));
    it_free(r);
    free(stranger);
    r = debtor_files(&d, debtor, "bankruptcy-lite", NULL);
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "procedure"));
    it_free(r);
    r = petition(&c, debtor, "12.345", NULL);
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "claims[0].amount"));
    it_free(r);
    r = it_post("/v1/applications", c.token,
                "{\"debtor_id\":\"not-a-uuid\",\"procedure\":\"liquidation\",\"claims\":[]}");
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "debtor_id"));
    it_free(r);
}
END_TEST

static char *withdraw(struct it_party *p, const char *app_id, int expect)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/withdrawal", app_id);
    struct it_resp *r = it_post(path, p->token, "{\"reason\":\"settled privately\"}");
    ck_assert_msg(r->status == expect, "withdraw: %ld %s", r->status, r->body);
    char *status = it_str(r, "status") ? strdup(it_str(r, "status")) : NULL;
    it_free(r);
    return status;
}

START_TEST(withdrawal_and_the_one_year_bar)
{
    struct it_party d;
    char debtor[37], app[37];
    registered_debtor(&d, debtor, NULL);
    struct it_resp *r = debtor_files(&d, debtor, "liquidation", NULL);
    it_expect(r, 201);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    char *status = withdraw(&d, app, 200);
    ck_assert_str_eq(status, "withdrawn");
    free(status);
    free(withdraw(&d, app, 409)); /* already withdrawn */
    r = debtor_files(&d, debtor, "liquidation", NULL);
    expect_rule(r, "SZ-APP-WITHDRAW", "justification");
    it_free(r);
    r = debtor_files(&d, debtor, "liquidation", ",\"justification\":\"new creditors sued me\"");
    it_expect(r, 201);
    ck_assert(has_flag(r, "SZ-APP-WITHDRAW"));
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s", it_str(r, "id"));
    it_free(r);
    char *court = it_token("court", "judge-apps");
    r = it_get(path, court);
    ck_assert_str_eq(it_str(r, "justification"), "new creditors sued me");
    it_free(r);
    free(court);
}
END_TEST

START_TEST(only_the_applicant_withdraws_and_only_before_acceptance)
{
    struct it_party d, c;
    char debtor[37], app[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    struct it_resp *r = petition(&c, debtor, "700000.00", NULL);
    it_expect(r, 201);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    free(withdraw(&d, app, 403)); /* the debtor sees the petition but did not file it */
    r = decide(app, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    it_free(r);
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/withdrawal", app);
    r = it_post(path, c.token, "{}");
    expect_rule(r, "SZ-APP-WITHDRAW", NULL);
    it_free(r);
}
END_TEST

START_TEST(acceptance_needs_materials_and_gives_a_case_number)
{
    struct it_party d;
    char debtor[37], app[37], path[128];
    registered_debtor(&d, debtor, NULL);
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":"
                        "[{\"kind\":\"application\",\"reference\":\"a\"}]}",
                        debtor);
    struct it_resp *r = it_post("/v1/applications", d.token, body);
    free(body);
    it_expect(r, 201);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "materials_missing")), 8);
    it_free(r);
    r = decide(app, "{\"outcome\":\"accept\"}");
    expect_rule(r, "SZ-APP-MATERIALS", NULL);
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "tax_record"));
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/materials", app);
    body = it_fmt("{\"materials\":%s}", IT_DEBTOR_MATERIALS);
    r = it_post(path, d.token, body);
    free(body);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "materials_missing")), 0);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "materials")),
                     9); /* replaced, not doubled */
    it_free(r);
    char today[11];
    date_format(clock_today(), today);
    char *decision = it_fmt("{\"outcome\":\"accept\",\"ruling_date\":\"%s\"}", today);
    r = decide(app, decision);
    free(decision);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "accepted");
    ck_assert_str_eq(it_str(r, "accepted_on"), today);
    /* the case starts in the phase of its procedure, with that as its first recorded phase */
    ck_assert_str_eq(it_str(r, "phase"), "liquidation");
    char *phases = it_fmt("SELECT string_agg(coalesce(from_phase, '-') || '>' || to_phase || ' ' "
                          "|| rule_id, ',' ORDER BY seq) FROM case_phase_changes "
                          "WHERE case_id = '%s'",
                          app);
    bool ok;
    char *history = it_sql(phases, &ok);
    ck_assert(ok);
    ck_assert_str_eq(history, "->liquidation SZ-APP-DECIDE");
    free(history);
    free(phases);
    const char *number = it_str(r, "case_number");
    char prefix[32];
    snprintf(prefix, sizeof prefix, "(%.4s) Yue 03 Po Ge No. ", today);
    ck_assert_msg(number && strncmp(number, prefix, strlen(prefix)) == 0, "case number %s", number);
    it_free(r);
    /* the case is open: a new filing against the debtor is refused */
    struct it_party c;
    it_party(&c, "creditor", "bank");
    r = petition(&c, debtor, "900000.00", NULL);
    it_expect(r, 409);
    it_free(r);
    /* materials are closed after the decision */
    r = it_post(path, d.token,
                "{\"materials\":[{\"kind\":\"tax_record\",\"reference\":\"late\"}]}");
    it_expect(r, 409);
    it_free(r);
}
END_TEST

START_TEST(debtor_reorganization_takes_priority)
{
    struct it_party d, c;
    char debtor[37], petition_id[37], reorg_id[37];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    struct it_resp *r = petition(&c, debtor, "800000.00", NULL);
    it_expect(r, 201);
    snprintf(petition_id, sizeof petition_id, "%s", it_str(r, "id"));
    it_free(r);
    r = debtor_files(
        &d, debtor, "reorganization",
        ",\"expected_income\":{\"monthly_amount\":\"15000.00\",\"source\":\"salary\"}");
    it_expect(r, 201);
    snprintf(reorg_id, sizeof reorg_id, "%s", it_str(r, "id"));
    it_free(r);
    r = decide(petition_id, "{\"outcome\":\"accept\"}");
    expect_rule(r, "SZ-APP-PRIORITY-REORG", NULL);
    it_free(r);
    r = decide(reorg_id, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "procedure"), "reorganization");
    it_free(r);
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s", petition_id);
    r = it_get(path, c.token);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "superseded");
    ck_assert_str_eq(it_str(r, "superseded_by"), reorg_id);
    it_free(r);
}
END_TEST

START_TEST(refusals_need_grounds_the_law_names)
{
    struct it_party d;
    char debtor[37], app[37];
    registered_debtor(&d, debtor, NULL);
    struct it_resp *r = debtor_files(&d, debtor, "liquidation", NULL);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    r = decide(app, "{\"outcome\":\"not_accept\"}");
    expect_rule(r, "SZ-APP-REJECT-GROUNDS", "grounds");
    it_free(r);
    r = decide(app, "{\"outcome\":\"not_accept\",\"grounds\":[\"bad_haircut\"]}");
    expect_rule(r, "SZ-APP-REJECT-GROUNDS", "grounds");
    it_free(r);
    r = decide(app, "{\"outcome\":\"reject\",\"grounds\":[\"false_statements\"]}");
    it_expect(r, 409); /* rejection is of an accepted application */
    it_free(r);
    r = decide(
        app,
        "{\"outcome\":\"not_accept\",\"grounds\":[\"improper_purpose\"],\"reason\":\"transfers\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "not_accepted");
    json_t *decision = json_object_get(r->json, "decision");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(decision, "grounds"), 0)),
                     "improper_purpose");
    it_free(r);
    /* an accepted case can be rejected on a ground found later */
    registered_debtor(&d, debtor, NULL);
    r = debtor_files(&d, debtor, "liquidation", NULL);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    r = decide(app, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    it_free(r);
    r = decide(app, "{\"outcome\":\"reject\",\"grounds\":[\"false_statements\"]}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "rejected");
    it_free(r);
}
END_TEST

START_TEST(ruling_dates_are_checked)
{
    struct it_party d;
    char debtor[37], app[37];
    registered_debtor(&d, debtor, NULL);
    struct it_resp *r = debtor_files(&d, debtor, "liquidation", NULL);
    it_expect(r, 201);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    char received[11], before[11];
    snprintf(received, sizeof received, "%s", it_str(r, "received_on"));
    it_free(r);
    date_t day;
    date_parse(received, &day);
    date_format(date_add_days(day, -1), before);
    char *early = it_fmt("{\"outcome\":\"accept\",\"ruling_date\":\"%s\"}", before);
    r = decide(app, early);
    free(early);
    it_expect(r, 422);
    ck_assert_ptr_nonnull(strstr(r->body, "ruling_date"));
    it_free(r);
    r = decide(app, "{\"outcome\":\"accept\",\"ruling_date\":\"2999-01-04\"}");
    it_expect(r, 400);
    it_free(r);
    r = decide(app, "{\"outcome\":\"accept\",\"ruling_date\":\"2026-02-30\"}");
    it_expect(r, 400);
    it_free(r);
}
END_TEST

static size_t list_count(const char *query, const char *token, json_t **first)
{
    struct it_resp *r = it_get(query, token);
    it_expect(r, 200);
    size_t n = json_array_size(json_object_get(r->json, "items"));
    if (first)
        *first = json_incref(json_array_get(json_object_get(r->json, "items"), 0));
    it_free(r);
    return n;
}

START_TEST(lists_are_scoped_filtered_and_paged)
{
    struct it_party d, c, c2;
    char debtor[37], q[256];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    it_party(&c2, "creditor", "bank");
    it_free(debtor_files(&d, debtor, "liquidation", NULL));
    it_free(petition(&c, debtor, "510000.00", NULL));
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s", debtor);
    char *court = it_token("court", "judge-apps");
    char *admin = it_token("administrator", "adm-1");
    char *dept = it_token("department", "dept-1");
    ck_assert_int_eq(list_count(q, court, NULL), 2);
    ck_assert_int_eq(list_count(q, dept, NULL), 2);
    ck_assert_int_eq(list_count(q, d.token, NULL), 2);
    ck_assert_int_eq(list_count(q, c.token, NULL), 1);
    ck_assert_int_eq(list_count(q, c2.token, NULL), 0);
    ck_assert_int_eq(list_count(q, admin, NULL), 0);
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s&procedure=liquidation&status=pending",
             debtor);
    ck_assert_int_eq(list_count(q, court, NULL), 2);
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s&status=accepted", debtor);
    ck_assert_int_eq(list_count(q, court, NULL), 0);
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s&received_from=2099-01-01", debtor);
    ck_assert_int_eq(list_count(q, court, NULL), 0);
    /* paging: one at a time, no repeats */
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s&limit=1", debtor);
    struct it_resp *r = it_get(q, court);
    const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
    ck_assert_ptr_nonnull(next);
    char first_id[37];
    snprintf(first_id, sizeof first_id, "%s",
             json_string_value(
                 json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s&limit=1&cursor=%s", debtor, next);
    it_free(r);
    json_t *second = NULL;
    ck_assert_int_eq(list_count(q, court, &second), 1);
    ck_assert_str_ne(json_string_value(json_object_get(second, "id")), first_id);
    json_decref(second);
    r = it_get("/v1/applications?status=lost", court);
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "status"));
    it_free(r);
    r = it_get("/v1/applications?received_from=yesterday", court);
    it_expect(r, 400);
    it_free(r);
    free(court);
    free(admin);
    free(dept);
}
END_TEST

START_TEST(audit_trail_is_complete_and_append_only)
{
    struct it_party d;
    char debtor[37], app[37], path[128];
    registered_debtor(&d, debtor, NULL);
    const char *hdr[] = {"X-Request-Id: audit-file-1", NULL};
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s}",
                        debtor, IT_DEBTOR_MATERIALS);
    struct it_resp *r = it_call("POST", "/v1/applications", d.token, body, hdr);
    free(body);
    it_expect(r, 201);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    it_free(decide(app, "{\"outcome\":\"accept\"}"));
    snprintf(path, sizeof path, "/v1/applications/%s/audit", app);
    r = it_get(path, d.token);
    it_expect(r, 403);
    it_free(r);
    char *dept = it_token("department", "dept-1");
    r = it_get(path, dept);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    /* filing, then the acceptance: the restrictions it imposes and the decision itself */
    ck_assert_int_eq(json_array_size(items), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 1), "action")),
                     "restrictions.impose");
    json_t *first = json_array_get(items, 0), *second = json_array_get(items, 2);
    ck_assert_str_eq(json_string_value(json_object_get(first, "action")), "application.file");
    ck_assert_str_eq(json_string_value(json_object_get(first, "role")), "debtor");
    ck_assert_str_eq(json_string_value(json_object_get(first, "subject")), d.sub);
    ck_assert_str_eq(json_string_value(json_object_get(first, "request_id")), "audit-file-1");
    ck_assert_ptr_nonnull(json_string_value(json_object_get(first, "at")));
    ck_assert_str_eq(json_string_value(json_object_get(second, "action")), "application.decide");
    ck_assert_str_eq(json_string_value(json_object_get(second, "role")), "court");
    it_free(r);
    free(dept);
    bool ok = true;
    free(it_sql("UPDATE audit_log SET role = 'nobody'", &ok));
    ck_assert_msg(!ok, "the audit log accepted an UPDATE");
    free(it_sql("DELETE FROM audit_log", &ok));
    ck_assert_msg(!ok, "the audit log accepted a DELETE");
}
END_TEST

START_TEST(unknown_or_invisible_application_is_404)
{
    struct it_party c;
    it_party(&c, "creditor", "bank");
    struct it_resp *r = it_get("/v1/applications/11111111-2222-3333-4444-555555555555", c.token);
    it_expect(r, 404);
    it_free(r);
    r = it_get("/v1/applications/zzz", c.token);
    it_expect(r, 404);
    it_free(r);
    r = decide("11111111-2222-3333-4444-555555555555", "{\"outcome\":\"accept\"}");
    it_expect(r, 404);
    it_free(r);
}
END_TEST

/* ---- what the handler runner adds on these routes ------------------------------- */

static struct it_resp *post_with_key(const char *path, const char *token, const char *body,
                                     const char *key)
{
    char header[128];
    snprintf(header, sizeof header, "Idempotency-Key: %s", key);
    const char *hdr[] = {header, NULL};
    return it_call("POST", path, token, body, hdr);
}

static void expect_replay_of(struct it_resp *first, struct it_resp *again)
{
    ck_assert_int_eq(again->status, first->status);
    ck_assert_str_eq(again->body, first->body);
    ck_assert_ptr_nonnull(it_header(again, "Idempotent-Replayed"));
    ck_assert_str_eq(it_header(again, "Idempotent-Replayed"), "true");
    ck_assert_ptr_null(it_header(first, "Idempotent-Replayed"));
}

static void expect_key_reused(struct it_resp *r)
{
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/idempotency-key-reused");
}

START_TEST(filing_with_an_idempotency_key_files_once)
{
    struct it_party d;
    char debtor[37], key[64], q[128];
    registered_debtor(&d, debtor, NULL);
    snprintf(key, sizeof key, "file-%u", it_unique());
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s}",
                        debtor, IT_DEBTOR_MATERIALS);
    struct it_resp *first = post_with_key("/v1/applications", d.token, body, key);
    it_expect(first, 201);
    const char *location = it_header(first, "Location");
    ck_assert_ptr_nonnull(location);
    ck_assert_ptr_nonnull(strstr(location, it_str(first, "id")));
    struct it_resp *again = post_with_key("/v1/applications", d.token, body, key);
    expect_replay_of(first, again);
    ck_assert_ptr_nonnull(it_header(again, "Location"));
    ck_assert_str_eq(it_header(again, "Location"), location);
    /* without the key the same filing is a second one, refused while the first is pending */
    struct it_resp *plain = it_post("/v1/applications", d.token, body);
    it_expect(plain, 409);
    it_free(plain);
    free(body);
    /* the same key with another body is refused, and files nothing */
    body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"statement\":\"other\","
                  "\"materials\":%s}",
                  debtor, IT_DEBTOR_MATERIALS);
    struct it_resp *other = post_with_key("/v1/applications", d.token, body, key);
    expect_key_reused(other);
    it_free(other);
    free(body);
    char *court = it_token("court", "judge-apps");
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s", debtor);
    ck_assert_int_eq(list_count(q, court, NULL), 1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'application.file'"
                               " AND object_id = '%s'",
                               it_str(first, "id")),
                     1);
    free(court);
    it_free(first);
    it_free(again);
}
END_TEST

/* A debtor's filing with the application form only: the rest is missing. */
static void filed_incomplete(struct it_party *d, char app[37])
{
    char debtor[37];
    registered_debtor(d, debtor, NULL);
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":"
                        "[{\"kind\":\"application\",\"reference\":\"a\"}]}",
                        debtor);
    struct it_resp *r = it_post("/v1/applications", d->token, body);
    free(body);
    it_expect(r, 201);
    snprintf(app, 37, "%s", it_str(r, "id"));
    it_free(r);
}

START_TEST(materials_and_withdrawal_with_an_idempotency_key_act_once)
{
    struct it_party d;
    char app[37], path[128], key[64];
    filed_incomplete(&d, app);
    snprintf(path, sizeof path, "/v1/applications/%s/materials", app);
    snprintf(key, sizeof key, "materials-%u", it_unique());
    const char *tax = "{\"materials\":[{\"kind\":\"tax_record\",\"reference\":\"t1\"}]}";
    struct it_resp *first = post_with_key(path, d.token, tax, key);
    it_expect(first, 200);
    struct it_resp *again = post_with_key(path, d.token, tax, key);
    expect_replay_of(first, again);
    it_free(first);
    it_free(again);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'application.materials' AND object_id = '%s'",
                               app),
                     1);
    struct it_resp *other = post_with_key(
        path, d.token, "{\"materials\":[{\"kind\":\"tax_record\",\"reference\":\"t2\"}]}", key);
    expect_key_reused(other);
    it_free(other);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'application.materials' AND object_id = '%s'",
                               app),
                     1);

    snprintf(path, sizeof path, "/v1/applications/%s/withdrawal", app);
    snprintf(key, sizeof key, "withdraw-%u", it_unique());
    first = post_with_key(path, d.token, "{\"reason\":\"settled\"}", key);
    it_expect(first, 200);
    ck_assert_str_eq(it_str(first, "status"), "withdrawn");
    /* done again it would be refused (already withdrawn): the replay answers the first 200 */
    again = post_with_key(path, d.token, "{\"reason\":\"settled\"}", key);
    expect_replay_of(first, again);
    it_free(first);
    it_free(again);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'application.withdraw' AND object_id = '%s'",
                               app),
                     1);
}
END_TEST

START_TEST(a_decision_with_an_idempotency_key_is_taken_once)
{
    struct it_party d;
    char debtor[37], app[37], path[128], key[64];
    registered_debtor(&d, debtor, NULL);
    struct it_resp *r = debtor_files(&d, debtor, "liquidation", NULL);
    it_expect(r, 201);
    snprintf(app, sizeof app, "%s", it_str(r, "id"));
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/decision", app);
    snprintf(key, sizeof key, "decide-%u", it_unique());
    char *court = it_token("court", "judge-apps");
    struct it_resp *first = post_with_key(path, court, "{\"outcome\":\"accept\"}", key);
    it_expect(first, 200);
    ck_assert_ptr_nonnull(it_str(first, "case_number"));
    struct it_resp *again = post_with_key(path, court, "{\"outcome\":\"accept\"}", key);
    expect_replay_of(first, again);
    it_free(first);
    it_free(again);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'application.decide' AND object_id = '%s'",
                               app),
                     1);
    free(court);
}
END_TEST

START_TEST(an_application_has_an_etag_that_changes_with_it)
{
    struct it_party d;
    char app[37], path[128];
    filed_incomplete(&d, app);
    snprintf(path, sizeof path, "/v1/applications/%s", app);
    struct it_resp *r = it_get(path, d.token);
    it_expect(r, 200);
    const char *tag = it_header(r, "ETag");
    ck_assert_ptr_nonnull(tag);
    ck_assert_msg(tag[0] == '"', "a strong ETag, got %s", tag);
    char etag[64], header[96];
    snprintf(etag, sizeof etag, "%s", tag);
    it_free(r);
    snprintf(header, sizeof header, "If-None-Match: %s", etag);
    const char *hdr[] = {header, NULL};
    r = it_call("GET", path, d.token, NULL, hdr);
    it_expect(r, 304);
    ck_assert_ptr_nonnull(it_header(r, "ETag"));
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);
    /* another version of the application has another tag: the old one no longer matches */
    char sub[160];
    snprintf(sub, sizeof sub, "%s/materials", path);
    r = it_post(sub, d.token, "{\"materials\":[{\"kind\":\"tax_record\",\"reference\":\"t\"}]}");
    it_expect(r, 200);
    it_free(r);
    r = it_call("GET", path, d.token, NULL, hdr);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(it_header(r, "ETag"));
    ck_assert_str_ne(it_header(r, "ETag"), etag);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "materials")), 2);
    it_free(r);
}
END_TEST

START_TEST(a_full_page_of_applications_links_the_next)
{
    struct it_party d, c;
    char debtor[37], q[256];
    registered_debtor(&d, debtor, NULL);
    it_party(&c, "creditor", "bank");
    it_free(debtor_files(&d, debtor, "liquidation", NULL));
    it_free(petition(&c, debtor, "510000.00", NULL));
    char *court = it_token("court", "judge-apps");
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s&limit=1", debtor);
    struct it_resp *r = it_get(q, court);
    it_expect(r, 200);
    const char *link = it_header(r, "Link");
    const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
    ck_assert_ptr_nonnull(link);
    ck_assert_ptr_nonnull(next);
    char *want = it_fmt("cursor=%s>; rel=\"next\"", next);
    ck_assert_msg(strstr(link, want) != NULL, "Link %s", link);
    ck_assert_msg(strstr(link, debtor) != NULL, "the Link keeps the filter: %s", link);
    free(want);
    it_free(r);
    /* the last page (not full) links nothing */
    snprintf(q, sizeof q, "/v1/applications?debtor_id=%s&limit=3", debtor);
    r = it_get(q, court);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 2);
    ck_assert_ptr_null(it_header(r, "Link"));
    it_free(r);
    free(court);
}
END_TEST

static Suite *applications_suite(void)
{
    Suite *s = suite_create("applications");
    TCase *tc = tcase_create("applications");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, creditor_petition_needs_more_than_500000);
    tcase_add_test(tc, claims_not_yet_due_do_not_count);
    tcase_add_test(tc, creditor_petitions_by_name_and_number_alike_for_known_and_new);
    tcase_add_test(tc, creditor_petitions_for_liquidation_only);
    tcase_add_test(tc, joint_creditors_see_their_petition);
    tcase_add_test(tc, only_the_petitioner_acts_for_a_joint_petition);
    tcase_add_test(tc, debtor_must_be_eligible);
    tcase_add_test(tc, reorganization_needs_income);
    tcase_add_test(tc, co_applicants_count_once_they_join);
    tcase_add_test(tc, the_instance_profile_is_the_law_of_its_filings);
    tcase_add_test(tc, a_declining_co_applicant_leaves_its_claims_out);
    tcase_add_test(tc, spouses_file_jointly);
    tcase_add_test(tc, debtor_files_only_for_itself);
    tcase_add_test(tc, filing_shape_is_validated);
    tcase_add_test(tc, withdrawal_and_the_one_year_bar);
    tcase_add_test(tc, only_the_applicant_withdraws_and_only_before_acceptance);
    tcase_add_test(tc, acceptance_needs_materials_and_gives_a_case_number);
    tcase_add_test(tc, debtor_reorganization_takes_priority);
    tcase_add_test(tc, refusals_need_grounds_the_law_names);
    tcase_add_test(tc, ruling_dates_are_checked);
    tcase_add_test(tc, lists_are_scoped_filtered_and_paged);
    tcase_add_test(tc, audit_trail_is_complete_and_append_only);
    tcase_add_test(tc, unknown_or_invisible_application_is_404);
    tcase_add_test(tc, filing_with_an_idempotency_key_files_once);
    tcase_add_test(tc, materials_and_withdrawal_with_an_idempotency_key_act_once);
    tcase_add_test(tc, a_decision_with_an_idempotency_key_is_taken_once);
    tcase_add_test(tc, an_application_has_an_etag_that_changes_with_it);
    tcase_add_test(tc, a_full_page_of_applications_links_the_next);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("applications", applications_suite, NULL)
