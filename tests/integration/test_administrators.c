/* test_administrators.c: the administrator roster over HTTP (kept by the department, public
 * fields for anyone, every field for the court and the department, paging, the bars of
 * SZ-ADM-QUALIFY) and the court's designation in a case: the bars refused with their rule,
 * a replacement only when the court says so (SZ-ADM-REPLACE), the administrator's token
 * reaching the case and the replaced one's no longer, the history, the audit row and the
 * act with its deadline. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "harness.h"

static struct it_resp *as(const char *role, const char *method, const char *path, const char *body)
{
    char *token = it_token(role, role[0] == 'c' ? "judge-adm" : "dept-adm");
    struct it_resp *r = it_call(method, path, token, body, NULL);
    free(token);
    return r;
}

/* A roster entry made by the department: an individual lawyer with a login. */
static void roster_add(struct it_party *a, const char *extra)
{
    it_party(a, "administrator", "adm");
    char *body = it_fmt("{\"subject\":\"%s\",\"kind\":\"individual\",\"name\":\"Admin %s\","
                        "\"profession\":\"lawyer\",\"qualification\":\"DEPT-ASSESS-%s\"%s}",
                        a->sub, a->sub, a->sub, extra ? extra : "");
    struct it_resp *r = as("department", "POST", "/v1/administrators", body);
    it_expect(r, 201);
    snprintf(a->id, sizeof a->id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

static void roster_patch(const struct it_party *a, const char *body, int expect)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/administrators/%s", a->id);
    struct it_resp *r = as("department", "PATCH", path, body);
    it_expect(r, expect);
    it_free(r);
}

/* A debtor who registered itself and filed for liquidation with every material. */
static void filed_case(struct it_party *d, char app[37])
{
    it_party(d, "debtor", "person");
    char number[19];
    it_idnumber(it_unique(), number);
    it_party_vouched(d, number);
    char *body = it_fmt("{\"name\":\"Debtor %s\",\"id_number\":\"%s\",\"sez_resident\":true,"
                        "\"social_insurance_years\":5}",
                        d->sub, number);
    struct it_resp *r = it_post("/v1/debtors", d->token, body);
    it_expect(r, 201);
    snprintf(d->id, sizeof d->id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s}", d->id,
                  IT_DEBTOR_MATERIALS);
    r = it_post("/v1/applications", d->token, body);
    it_expect(r, 201);
    snprintf(app, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

static void accepted_case(struct it_party *d, char app[37])
{
    filed_case(d, app);
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/decision", app);
    struct it_resp *r = as("court", "POST", path, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    it_free(r);
}

static struct it_resp *designate(const char *app, const char *admin_id, const char *extra)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", app);
    char *body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"department_proposal\"%s}",
                        admin_id, extra ? extra : "");
    struct it_resp *r = as("court", "POST", path, body);
    free(body);
    return r;
}

static void expect_rule(struct it_resp *r, int status, const char *rule, const char *field)
{
    it_expect(r, status);
    json_t *ref = json_object_get(r->json, "rule");
    ck_assert_str_eq(json_string_value(json_object_get(ref, "id")), rule);
    ck_assert_ptr_nonnull(json_string_value(json_object_get(ref, "citation")));
    json_t *e = json_array_get(json_object_get(r->json, "errors"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(e, "field")), field);
}

static void expect_field(struct it_resp *r, int status, const char *field)
{
    it_expect(r, status);
    json_t *e = json_array_get(json_object_get(r->json, "errors"), 0);
    ck_assert_msg(json_string_value(json_object_get(e, "field")) &&
                      strcmp(json_string_value(json_object_get(e, "field")), field) == 0,
                  "expected an error on %s: %s", field, r->body);
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

static long case_status(const char *app, const char *token)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s", app);
    struct it_resp *r = it_get(path, token);
    long status = r->status;
    it_free(r);
    return status;
}

static bool listed(const char *path, const char *token, const char *id)
{
    struct it_resp *r = it_get(path, token);
    it_expect(r, 200);
    bool found = false;
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(r->json, "items"), i,
                       item) if (strcmp(json_string_value(json_object_get(item, "id")), id) == 0)
        found = true;
    it_free(r);
    return found;
}

/* ---- the roster ------------------------------------------------------------------ */

START_TEST(department_keeps_the_roster)
{
    struct it_party a;
    it_party(&a, "administrator", "adm");
    char *body = it_fmt("{\"subject\":\"%s\",\"kind\":\"institution\",\"name\":\"Pengcheng LLP\","
                        "\"profession\":\"institution\",\"qualification\":\"DEPT-2026-007\","
                        "\"organisation\":\"Pengcheng\",\"phone\":\"0755-1234567\"}",
                        a.sub);
    struct it_resp *r = as("department", "POST", "/v1/administrators", body);
    it_expect(r, 201);
    char location[128];
    snprintf(location, sizeof location, "/v1/administrators/%s", it_str(r, "id"));
    ck_assert_str_eq(it_header(r, "Location"), location);
    ck_assert_str_eq(it_str(r, "status"), "active");
    ck_assert_str_eq(it_str(r, "qualification"), "DEPT-2026-007");
    ck_assert_str_eq(it_str(r, "subject"), a.sub);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "disqualifications")), 0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'administrator.create' AND object_id = '%s'",
                               it_str(r, "id")),
                     1);
    it_free(r);
    r = as("department", "POST", "/v1/administrators", body); /* one record per login */
    expect_field(r, 409, "subject");
    it_free(r);
    r = as("court", "POST", "/v1/administrators", body);
    it_expect(r, 403);
    it_free(r);
    r = it_post("/v1/administrators", NULL, body);
    it_expect(r, 401);
    it_free(r);
    free(body);
}
END_TEST

START_TEST(roster_entries_are_validated)
{
    static const char *const bad[][2] = {
        {"{\"kind\":\"institution\",\"name\":\"X\",\"profession\":\"lawyer\","
         "\"qualification\":\"q\"}",
         "profession"},
        {"{\"kind\":\"individual\",\"name\":\"X\",\"profession\":\"institution\","
         "\"qualification\":\"q\"}",
         "profession"},
        {"{\"kind\":\"individual\",\"name\":\"X\",\"profession\":\"astrologer\","
         "\"qualification\":\"q\"}",
         "profession"},
        {"{\"kind\":\"individual\",\"name\":\"X\",\"profession\":\"lawyer\"}", "qualification"},
        {"{\"kind\":\"person\",\"name\":\"X\",\"profession\":\"lawyer\",\"qualification\":\"q\"}",
         "kind"},
        {"{\"kind\":\"individual\",\"name\":\"X\",\"profession\":\"lawyer\",\"qualification\":"
         "\"q\",\"status\":\"active\"}",
         "status"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct it_resp *r = as("department", "POST", "/v1/administrators", bad[i][0]);
        expect_field(r, 400, bad[i][1]);
        it_free(r);
    }
    struct it_resp *r = as("department", "POST", "/v1/administrators",
                           "{\"kind\":\"individual\",\"name\":\"No Login\",\"profession\":"
                           "\"accountant\",\"qualification\":\"q\"}");
    it_expect(r, 201); /* a login is optional */
    it_free(r);
}
END_TEST

static void expect_public_only(const json_t *item)
{
    static const char *const hidden[] = {"subject", "qualification",     "phone", "email",
                                         "address", "disqualifications", NULL};
    for (const char *const *k = hidden; *k; k++)
        ck_assert_msg(json_object_get(item, *k) == NULL, "the public sees %s", *k);
    static const char *const shown[] = {"id",           "kind",   "name", "profession",
                                        "organisation", "status", NULL};
    for (const char *const *k = shown; *k; k++)
        ck_assert_msg(json_object_get(item, *k) != NULL, "the public does not see %s", *k);
}

START_TEST(the_public_sees_the_public_fields)
{
    struct it_party a;
    roster_add(&a, ",\"phone\":\"13800000000\",\"email\":\"a@example.cn\","
                   "\"organisation\":\"Shenzhen Bar\"");
    char path[128];
    snprintf(path, sizeof path, "/v1/administrators/%s", a.id);
    struct it_resp *r = it_get(path, NULL);
    it_expect(r, 200);
    expect_public_only(r->json);
    ck_assert_str_eq(it_str(r, "organisation"), "Shenzhen Bar");
    it_free(r);
    r = it_get("/v1/administrators?limit=200", NULL);
    it_expect(r, 200);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(r->json, "items"), i, item) expect_public_only(item);
    it_free(r);
    struct it_party d;
    it_party(&d, "debtor", "person");
    r = it_get(path, d.token); /* a token of another role shows no more */
    it_expect(r, 200);
    expect_public_only(r->json);
    it_free(r);
    r = as("court", "GET", path, NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "phone"), "13800000000");
    ck_assert_str_eq(it_str(r, "email"), "a@example.cn");
    ck_assert_ptr_nonnull(it_str(r, "qualification"));
    ck_assert(json_is_array(json_object_get(r->json, "disqualifications")));
    it_free(r);
    r = as("department", "GET", "/v1/administrators?limit=5", NULL);
    ck_assert_ptr_nonnull(
        json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "qualification"));
    it_free(r);
    r = it_get(path, "not-a-token"); /* a token, when sent, must be valid */
    it_expect(r, 401);
    ck_assert_ptr_nonnull(it_header(r, "WWW-Authenticate"));
    it_free(r);
    r = it_get("/v1/administrators/11111111-2222-3333-4444-555555555555", NULL);
    it_expect(r, 404);
    it_free(r);
}
END_TEST

START_TEST(the_roster_pages_and_filters)
{
    struct it_party a, b, c;
    roster_add(&a, NULL);
    roster_add(&b, NULL);
    roster_add(&c, NULL);
    struct it_resp *r = it_get("/v1/administrators?limit=2", NULL);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_eq(json_array_size(items), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "id")), c.id);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 1), "id")), b.id);
    const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
    ck_assert_ptr_nonnull(next);
    char q[160];
    snprintf(q, sizeof q, "/v1/administrators?limit=2&cursor=%s", next);
    it_free(r);
    r = it_get(q, NULL);
    it_expect(r, 200);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(r->json, "items"), 0), "id")),
                     a.id);
    it_free(r);
    roster_patch(&b, "{\"status\":\"suspended\"}", 200);
    ck_assert(listed("/v1/administrators?status=suspended&limit=200", NULL, b.id));
    ck_assert(!listed("/v1/administrators?status=suspended&limit=200", NULL, a.id));
    ck_assert(!listed("/v1/administrators?status=active&limit=200", NULL, b.id));
    r = it_get("/v1/administrators?status=retired", NULL);
    expect_field(r, 400, "status");
    it_free(r);
    r = it_get("/v1/administrators?sort=name", NULL);
    it_expect(r, 400);
    it_free(r);
    r = it_get("/v1/administrators?cursor=abc", NULL);
    expect_field(r, 400, "cursor");
    it_free(r);
}
END_TEST

START_TEST(patch_records_disqualifications)
{
    struct it_party a, d;
    char app[37], path[128];
    roster_add(&a, NULL);
    filed_case(&d, app);
    snprintf(path, sizeof path, "/v1/administrators/%s", a.id);
    char *body = it_fmt("{\"disqualifications\":[{\"ground\":\"licence_revoked\",\"note\":"
                        "\"revoked by the bar\",\"since\":\"2025-03-01\"},{\"ground\":"
                        "\"interest_in_case\",\"debtor_id\":\"%s\",\"note\":\"cousin\","
                        "\"since\":\"2025-01-01\"}],\"phone\":\"0755-7654321\"}",
                        d.id);
    struct it_resp *r = as("department", "PATCH", path, body);
    free(body);
    it_expect(r, 200);
    json_t *list = json_object_get(r->json, "disqualifications");
    ck_assert_int_eq(json_array_size(list), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "ground")),
                     "licence_revoked");
    ck_assert_str_eq(it_str(r, "phone"), "0755-7654321");
    it_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'administrator.update' AND object_id = '%s'",
                               a.id),
                     1);
    roster_patch(&a,
                 "{\"disqualifications\":[{\"ground\":\"bad_luck\",\"note\":\"x\","
                 "\"since\":\"2025-01-01\"}]}",
                 400);
    r = as("department", "PATCH", path,
           "{\"disqualifications\":[{\"ground\":"
           "\"interest_in_case\",\"note\":\"x\",\"since\":\"2025-01-01\"}]}");
    expect_field(r, 400, "disqualifications[0].debtor_id"); /* names the debtor */
    it_free(r);
    r = as("department", "PATCH", path,
           "{\"disqualifications\":[{\"ground\":\"licence_revoked\","
           "\"note\":\"x\",\"since\":\"2999-01-01\"}]}");
    expect_field(r, 400, "disqualifications[0].since");
    it_free(r);
    r = as("department", "PATCH", path,
           "{\"disqualifications\":[{\"ground\":"
           "\"interest_in_case\",\"debtor_id\":\"11111111-2222-3333-4444-555555555555\","
           "\"note\":\"x\",\"since\":\"2025-01-01\"}]}");
    expect_field(r, 422, "disqualifications[0].debtor_id");
    it_free(r);
    roster_patch(&a, "{}", 400);
    roster_patch(&a, "{\"kind\":\"institution\"}", 400);
    r = as("court", "PATCH", path, "{\"status\":\"suspended\"}");
    it_expect(r, 403);
    it_free(r);
    r = as("department", "PATCH", "/v1/administrators/11111111-2222-3333-4444-555555555555",
           "{\"status\":\"suspended\"}");
    it_expect(r, 404);
    it_free(r);
    roster_patch(&a, "{\"disqualifications\":[]}", 200); /* the list is replaced */
    r = as("department", "GET", path, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "disqualifications")), 0);
    it_free(r);
}
END_TEST

/* ---- designation ----------------------------------------------------------------- */

/* A suspended administrator no longer reaches the cases it was designated to. */
START_TEST(a_suspended_administrator_loses_its_cases)
{
    struct it_party d, a;
    char app[37];
    accepted_case(&d, app);
    roster_add(&a, NULL);
    struct it_resp *r = designate(app, a.id, NULL);
    it_expect(r, 200);
    it_free(r);
    ck_assert_int_eq(case_status(app, a.token), 200);
    roster_patch(&a, "{\"status\":\"suspended\"}", 200);
    ck_assert_int_eq(case_status(app, a.token), 404);
    char path[160];
    snprintf(path, sizeof path, "/v1/applications/%s/acts", app);
    r = it_post(path, a.token, "{\"kind\":\"contracts_decided\"}");
    it_expect(r, 404);
    it_free(r);
    roster_patch(&a, "{\"status\":\"active\"}", 200);
    ck_assert_int_eq(case_status(app, a.token), 200);
}
END_TEST

START_TEST(designation_gives_the_administrator_the_case)
{
    struct it_party d, a;
    char app[37], path[160];
    accepted_case(&d, app);
    roster_add(&a, NULL);
    ck_assert_int_eq(case_status(app, a.token), 404);
    struct it_resp *r = designate(app, a.id, ",\"basis_reference\":\"DEPT-PROPOSAL-1\"");
    it_expect(r, 200);
    json_t *des = json_object_get(r->json, "designation");
    ck_assert_str_eq(json_string_value(json_object_get(des, "administrator_id")), a.id);
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(des, "administrator_name")), a.sub));
    ck_assert_str_eq(json_string_value(json_object_get(des, "basis")), "department_proposal");
    ck_assert(json_is_true(json_object_get(des, "current")));
    char today[11];
    date_format(clock_today(), today);
    ck_assert_str_eq(json_string_value(json_object_get(des, "designated_on")), today);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(r->json, "application"), "id")), app);
    it_free(r);
    ck_assert_int_eq(case_status(app, a.token), 200);
    ck_assert(listed("/v1/applications?limit=200", a.token, app));
    snprintf(path, sizeof path, "/v1/applications/%s/administrators", app);
    r = it_get(path, a.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    it_free(r);
    r = it_get(path, d.token); /* the debtor of the case sees who administers it */
    it_expect(r, 200);
    it_free(r);
    struct it_party stranger;
    it_party(&stranger, "creditor", "bank");
    r = it_get(path, stranger.token);
    it_expect(r, 404);
    it_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'case.designate' "
                               "AND case_id = '%s' AND detail->>'rule' = 'SZ-ADM-PROPOSE'",
                               app),
                     1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM case_acts WHERE case_id = '%s' "
                               "AND kind = 'administrator_designated'",
                               app),
                     1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM deadlines WHERE case_id = '%s' "
                               "AND rule_id = 'SZ-ANN-ACCEPTANCE'",
                               app),
                     1);
}
END_TEST

START_TEST(barred_administrators_are_refused)
{
    struct it_party d, other, revoked, suspended, interested, elsewhere;
    char app[37], other_app[37];
    accepted_case(&d, app);
    filed_case(&other, other_app);
    roster_add(&revoked, NULL);
    roster_patch(&revoked,
                 "{\"disqualifications\":[{\"ground\":\"licence_revoked\",\"note\":"
                 "\"x\",\"since\":\"2025-03-01\"}]}",
                 200);
    roster_add(&suspended, NULL);
    roster_patch(&suspended, "{\"status\":\"suspended\"}", 200);
    roster_add(&interested, NULL);
    roster_add(&elsewhere, NULL);
    char *interest =
        it_fmt("{\"disqualifications\":[{\"ground\":\"interest_in_case\",\"debtor_id\":"
               "\"%s\",\"note\":\"creditor of the debtor\",\"since\":\"2025-01-01\"}]}",
               d.id);
    roster_patch(&interested, interest, 200);
    free(interest);
    interest = it_fmt("{\"disqualifications\":[{\"ground\":\"interest_in_case\",\"debtor_id\":"
                      "\"%s\",\"note\":\"another debtor\",\"since\":\"2025-01-01\"}]}",
                      other.id);
    roster_patch(&elsewhere, interest, 200);
    free(interest);
    const struct it_party *barred[] = {&revoked, &suspended, &interested};
    for (size_t i = 0; i < 3; i++) {
        struct it_resp *r = designate(app, barred[i]->id, NULL);
        expect_rule(r, 422, "SZ-ADM-QUALIFY", "administrator_id");
        it_free(r);
    }
    ck_assert_int_eq(sql_count("SELECT count(*) FROM designations WHERE case_id = '%s'", app), 0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE case_id = '%s' "
                               "AND action = 'case.designate'",
                               app),
                     0);
    struct it_resp *r = designate(app, elsewhere.id, NULL); /* an interest in another case */
    it_expect(r, 200);
    it_free(r);
    r = designate(app, "11111111-2222-3333-4444-555555555555",
                  ",\"replacing\":{\"kind\":"
                  "\"replaced\",\"reason\":\"x\"}");
    expect_field(r, 422, "administrator_id");
    it_free(r);
}
END_TEST

START_TEST(replacement_moves_the_case_to_the_new_administrator)
{
    struct it_party d, first, second;
    char app[37], path[160];
    accepted_case(&d, app);
    roster_add(&first, NULL);
    roster_add(&second, NULL);
    struct it_resp *r = designate(app, first.id, NULL);
    it_expect(r, 200);
    it_free(r);
    r = designate(app, second.id, NULL);
    expect_rule(r, 409, "SZ-ADM-REPLACE", "replacing");
    it_free(r);
    r = designate(app, first.id, ",\"replacing\":{\"kind\":\"replaced\",\"reason\":\"x\"}");
    expect_field(r, 409, "administrator_id"); /* already the administrator */
    it_free(r);
    r = designate(app, second.id, ",\"replacing\":{\"kind\":\"replaced\"}");
    expect_field(r, 400, "replacing.reason");
    it_free(r);
    ck_assert_int_eq(case_status(app, first.token), 200);
    ck_assert_int_eq(case_status(app, second.token), 404);
    char path2[128];
    snprintf(path2, sizeof path2, "/v1/applications/%s/administrator", app);
    char *body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"creditors_recommendation\","
                        "\"replacing\":{\"kind\":\"replaced\",\"reason\":\"creditors' meeting "
                        "applied: not impartial\"}}",
                        second.id);
    r = as("court", "POST", path2, body);
    free(body);
    it_expect(r, 200);
    it_free(r);
    ck_assert_int_eq(case_status(app, first.token), 404);
    ck_assert_int_eq(case_status(app, second.token), 200);
    ck_assert(!listed("/v1/applications?limit=200", first.token, app));
    snprintf(path, sizeof path, "/v1/applications/%s/administrators", app);
    r = as("court", "GET", path, NULL);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_eq(json_array_size(items), 2);
    json_t *now = json_array_get(items, 0), *before = json_array_get(items, 1);
    ck_assert_str_eq(json_string_value(json_object_get(now, "administrator_id")), second.id);
    ck_assert(json_is_true(json_object_get(now, "current")));
    ck_assert_str_eq(json_string_value(json_object_get(before, "administrator_id")), first.id);
    ck_assert_str_eq(json_string_value(json_object_get(before, "end_kind")), "replaced");
    ck_assert_str_eq(json_string_value(json_object_get(before, "ended_on")),
                     json_string_value(json_object_get(now, "designated_on")));
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(before, "end_reason")), "not impartial"));
    it_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'case.designate' "
                               "AND case_id = '%s' AND detail->>'rule' = 'SZ-ADM-RECOMMEND' "
                               "AND detail->'replacing'->>'kind' = 'replaced'",
                               app),
                     1);
    /* the replacement does not move the announcement period of the first designation */
    ck_assert_int_eq(sql_count("SELECT count(*) FROM case_acts WHERE case_id = '%s' "
                               "AND kind = 'administrator_designated'",
                               app),
                     1);
}
END_TEST

START_TEST(designation_needs_an_accepted_case_and_the_court)
{
    struct it_party d, a;
    char app[37], path[128];
    filed_case(&d, app);
    roster_add(&a, NULL);
    struct it_resp *r = designate(app, a.id, NULL);
    it_expect(r, 409);
    it_free(r);
    r = designate(app, a.id, ",\"replacing\":null");
    it_expect(r, 409);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", app);
    char *body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"court\"}", a.id);
    r = as("department", "POST", path, body);
    it_expect(r, 403);
    it_free(r);
    r = it_post(path, a.token, body);
    it_expect(r, 403);
    it_free(r);
    r = it_post(path, d.token, body);
    it_expect(r, 403);
    it_free(r);
    free(body);
    r = designate("11111111-2222-3333-4444-555555555555", a.id, NULL);
    it_expect(r, 404);
    it_free(r);
}
END_TEST

START_TEST(designation_dates_and_fields_are_checked)
{
    struct it_party d, a;
    char app[37], day[11];
    accepted_case(&d, app);
    roster_add(&a, NULL);
    struct it_resp *r = designate(app, a.id, ",\"designated_on\":\"2999-01-04\"");
    expect_field(r, 400, "designated_on");
    it_free(r);
    date_format(date_add_days(clock_today(), -1), day);
    char *early = it_fmt(",\"designated_on\":\"%s\"", day);
    r = designate(app, a.id, early); /* accepted today */
    expect_field(r, 422, "designated_on");
    it_free(r);
    free(early);
    r = designate(app, "not-a-uuid", NULL);
    expect_field(r, 400, "administrator_id");
    it_free(r);
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", app);
    char *body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"lottery\"}", a.id);
    r = as("court", "POST", path, body);
    expect_field(r, 400, "basis");
    it_free(r);
    free(body);
    r = designate(app, a.id, ",\"replacing\":{\"kind\":\"replaced\",\"reason\":\"x\"}");
    expect_field(r, 409, "replacing"); /* nothing to replace yet */
    it_free(r);
}
END_TEST

START_TEST(a_login_linked_later_reaches_the_current_case)
{
    struct it_party d, a;
    char app[37];
    accepted_case(&d, app);
    it_party(&a, "administrator", "adm");
    struct it_resp *r = as("department", "POST", "/v1/administrators",
                           "{\"kind\":\"individual\",\"name\":\"Later Login\",\"profession\":"
                           "\"other_qualified_professional\",\"qualification\":\"q\"}");
    it_expect(r, 201);
    snprintf(a.id, sizeof a.id, "%s", it_str(r, "id"));
    it_free(r);
    r = designate(app, a.id, NULL);
    it_expect(r, 200);
    it_free(r);
    ck_assert_int_eq(case_status(app, a.token), 404);
    char *body = it_fmt("{\"subject\":\"%s\"}", a.sub);
    roster_patch(&a, body, 200);
    free(body);
    ck_assert_int_eq(case_status(app, a.token), 200);
    struct it_party other;
    roster_add(&other, NULL);
    body = it_fmt("{\"subject\":\"%s\"}", other.sub);
    roster_patch(&a, body, 409); /* one record per login */
    free(body);
    roster_patch(&a, "{\"subject\":null}", 200); /* unlinked: the case is out of reach */
    ck_assert_int_eq(case_status(app, a.token), 404);
}
END_TEST

/* ---- what the runner adds on these routes ------------------------------------------ */

static struct it_resp *as_with(const char *role, const char *method, const char *path,
                               const char *body, const char *header)
{
    char *token = it_token(role, role[0] == 'c' ? "judge-adm" : "dept-adm");
    const char *headers[] = {header, NULL};
    struct it_resp *r = it_call(method, path, token, body, headers);
    free(token);
    return r;
}

/* A key sent twice with the same request answers the first reply again, writing nothing
 * more; with another request it is refused. */
static void expect_replay(const char *role, const char *method, const char *path, const char *body,
                          const char *other_body, int status)
{
    char key[80];
    snprintf(key, sizeof key, "Idempotency-Key: adm-%u", it_unique());
    struct it_resp *first = as_with(role, method, path, body, key);
    it_expect(first, status);
    ck_assert_ptr_null(it_header(first, "Idempotent-Replayed"));
    struct it_resp *again = as_with(role, method, path, body, key);
    it_expect(again, status);
    ck_assert_str_eq(again->body, first->body);
    ck_assert_str_eq(it_header(again, "Idempotent-Replayed"), "true");
    if (status == 201) { /* it_header's value lasts until its next call: copy it */
        ck_assert_ptr_nonnull(it_header(first, "Location"));
        char loc[160];
        snprintf(loc, sizeof loc, "%s", it_header(first, "Location"));
        ck_assert_ptr_nonnull(it_header(again, "Location"));
        ck_assert_str_eq(it_header(again, "Location"), loc);
    }
    struct it_resp *other = as_with(role, method, path, other_body, key);
    it_expect(other, 422);
    ck_assert_str_eq(it_str(other, "type"), "/problems/idempotency-key-reused");
    it_free(other);
    it_free(again);
    it_free(first);
}

START_TEST(roster_writes_replay_an_idempotency_key)
{
    struct it_party a;
    it_party(&a, "administrator", "adm");
    char *body = it_fmt("{\"subject\":\"%s\",\"kind\":\"individual\",\"name\":\"Once\","
                        "\"profession\":\"lawyer\",\"qualification\":\"q\"}",
                        a.sub);
    char *other = it_fmt("{\"subject\":\"%s\",\"kind\":\"individual\",\"name\":\"Twice\","
                         "\"profession\":\"lawyer\",\"qualification\":\"q\"}",
                         a.sub);
    expect_replay("department", "POST", "/v1/administrators", body, other, 201);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM administrators WHERE subject = '%s'", a.sub),
                     1);
    free(body);
    free(other);
    char *q = it_fmt("SELECT id FROM administrators WHERE subject = '%s'", a.sub);
    bool ok;
    char *id = it_sql(q, &ok);
    free(q);
    ck_assert_ptr_nonnull(id);
    char path[128];
    snprintf(path, sizeof path, "/v1/administrators/%s", id);
    expect_replay("department", "PATCH", path, "{\"phone\":\"13900000001\"}",
                  "{\"phone\":\"13900000002\"}", 200);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'administrator.update' AND object_id = '%s'",
                               id),
                     1);
    struct it_resp *r = as("department", "GET", path, NULL);
    ck_assert_str_eq(it_str(r, "phone"), "13900000001");
    it_free(r);
    free(id);
}
END_TEST

START_TEST(a_designation_replays_an_idempotency_key)
{
    struct it_party d, a, b;
    char app[37], path[128];
    accepted_case(&d, app);
    roster_add(&a, NULL);
    roster_add(&b, NULL);
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", app);
    char *body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"court\"}", a.id);
    char *other = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"court\"}", b.id);
    expect_replay("court", "POST", path, body, other, 200);
    free(body);
    free(other);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM designations WHERE case_id = '%s'", app), 1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'case.designate' "
                               "AND case_id = '%s'",
                               app),
                     1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM case_acts WHERE case_id = '%s' "
                               "AND kind = 'administrator_designated'",
                               app),
                     1);
}
END_TEST

/* A 200 with a strong ETag, then 304 with no body for that ETag; returns the ETag. */
static void expect_etag_304(const char *path, const char *token, char etag[64])
{
    struct it_resp *r = it_get(path, token);
    it_expect(r, 200);
    const char *e = it_header(r, "ETag");
    ck_assert_msg(e != NULL && e[0] == '"', "no strong ETag: %s", r->headers);
    snprintf(etag, 64, "%s", e);
    it_free(r);
    char inm[100];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *hdr[] = {inm, NULL};
    r = it_call("GET", path, token, NULL, hdr);
    it_expect(r, 304);
    ck_assert_int_eq((int)strlen(r->body), 0);
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);
}

START_TEST(roster_reads_carry_an_etag)
{
    struct it_party a, d;
    char app[37], path[128], public_tag[64], full_tag[64], tag[64];
    roster_add(&a, ",\"phone\":\"13800000009\"");
    snprintf(path, sizeof path, "/v1/administrators/%s", a.id);
    expect_etag_304(path, NULL, public_tag);
    char *dept = it_token("department", "dept-adm");
    expect_etag_304(path, dept, full_tag);
    /* the department's view holds more than the public's: another representation */
    ck_assert_str_ne(public_tag, full_tag);
    roster_patch(&a, "{\"phone\":\"13800000010\"}", 200);
    char inm[100];
    snprintf(inm, sizeof inm, "If-None-Match: %s", full_tag);
    const char *hdr[] = {inm, NULL};
    struct it_resp *r = it_call("GET", path, dept, NULL, hdr);
    it_expect(r, 200); /* changed: the old ETag no longer matches */
    ck_assert_str_eq(it_str(r, "phone"), "13800000010");
    it_free(r);
    free(dept);
    /* the designation history of a case */
    accepted_case(&d, app);
    r = designate(app, a.id, NULL);
    it_expect(r, 200);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/administrators", app);
    expect_etag_304(path, d.token, tag);
}
END_TEST

START_TEST(roster_patch_needs_the_current_if_match)
{
    struct it_party a;
    roster_add(&a, NULL);
    char path[128], stale[100], current[100];
    snprintf(path, sizeof path, "/v1/administrators/%s", a.id);
    it_auto_if_match = false;
    struct it_resp *r = as("department", "PATCH", path, "{\"phone\":\"13700000001\"}");
    it_expect(r, 428);
    it_free(r);
    r = as("department", "GET", path, NULL);
    const json_t *phone = json_object_get(r->json, "phone");
    ck_assert_msg(phone == NULL || json_is_null(phone), "the 428 wrote: %s", r->body);
    snprintf(stale, sizeof stale, "If-Match: %s", it_header(r, "ETag"));
    it_free(r);
    /* the public's ETag is not the version the department changes */
    r = it_get(path, NULL);
    snprintf(current, sizeof current, "If-Match: %s", it_header(r, "ETag"));
    it_free(r);
    r = as_with("department", "PATCH", path, "{\"phone\":\"13700000001\"}", current);
    it_expect(r, 412);
    it_free(r);
    r = as_with("department", "PATCH", path, "{\"phone\":\"13700000002\"}", stale);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "phone"), "13700000002");
    it_free(r);
    r = as_with("department", "PATCH", path, "{\"phone\":\"13700000003\"}", stale);
    it_expect(r, 412); /* the version it names has changed since */
    it_free(r);
    r = as("department", "GET", path, NULL);
    ck_assert_str_eq(it_str(r, "phone"), "13700000002"); /* neither refusal wrote */
    it_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = "
                               "'administrator.update' AND object_id = '%s'",
                               a.id),
                     1);
    it_auto_if_match = true;
}
END_TEST

/* Follows the Link headers of a list from path: each page that has one is full and links to
 * its next_cursor; the page without one is the last (not full, next_cursor null). Returns
 * how many items were read. */
static size_t follow_links(const char *path, const char *token, int limit)
{
    char next[512];
    snprintf(next, sizeof next, "%s", path);
    size_t total = 0;
    for (int pages = 0; next[0]; pages++) {
        ck_assert_msg(pages < 1000, "the Links of %s never end", path);
        struct it_resp *r = it_get(next, token);
        it_expect(r, 200);
        size_t n = json_array_size(json_object_get(r->json, "items"));
        total += n;
        it_link_next(r, next, sizeof next);
        const char *cursor = it_str(r, "next_cursor");
        if (next[0]) {
            ck_assert_int_eq((int)n, limit);
            ck_assert_ptr_nonnull(cursor);
            char *want = it_fmt("cursor=%s", cursor);
            ck_assert_msg(strstr(next, want) != NULL, "Link %s lacks %s", next, want);
            free(want);
            char *lim = it_fmt("limit=%d", limit);
            ck_assert_msg(strstr(next, lim) != NULL, "Link %s lacks %s", next, lim);
            free(lim);
        } else {
            ck_assert_int_lt((int)n, limit);
            ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
        }
        it_free(r);
    }
    return total;
}

START_TEST(lists_link_to_their_next_page)
{
    struct it_party a, b, c;
    roster_add(&a, NULL);
    roster_add(&b, NULL);
    roster_add(&c, NULL);
    long active = sql_count("SELECT count(*) FROM administrators WHERE status = '%s'", "active");
    ck_assert_int_ge(active, 3);
    /* pages of 2 through the active roster: each full page links on, the last does not */
    ck_assert_int_eq((long)follow_links("/v1/administrators?status=active&limit=2", NULL, 2),
                     active);
    struct it_resp *r = it_get("/v1/administrators?limit=200", NULL);
    it_expect(r, 200);
    ck_assert_ptr_null(it_header(r, "Link")); /* one page holds them all */
    it_free(r);
    /* a case's audit trail: filing, decision, designation */
    struct it_party d;
    char app[37], path[128];
    accepted_case(&d, app);
    r = designate(app, a.id, NULL);
    it_expect(r, 200);
    it_free(r);
    char *q =
        it_fmt("SELECT count(*) FROM audit_log WHERE case_id = '%s' OR object_id = '%s'", app, app);
    long rows = sql_count("%s", q);
    free(q);
    ck_assert_int_ge(rows, 3);
    snprintf(path, sizeof path, "/v1/applications/%s/audit?limit=1", app);
    char *court = it_token("court", "judge-adm");
    ck_assert_int_eq((long)follow_links(path, court, 1), rows);
    free(court);
}
END_TEST

static Suite *administrators_suite(void)
{
    Suite *s = suite_create("administrators");
    TCase *tc = tcase_create("administrators");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, department_keeps_the_roster);
    tcase_add_test(tc, roster_entries_are_validated);
    tcase_add_test(tc, the_public_sees_the_public_fields);
    tcase_add_test(tc, the_roster_pages_and_filters);
    tcase_add_test(tc, patch_records_disqualifications);
    tcase_add_test(tc, designation_gives_the_administrator_the_case);
    tcase_add_test(tc, a_suspended_administrator_loses_its_cases);
    tcase_add_test(tc, barred_administrators_are_refused);
    tcase_add_test(tc, replacement_moves_the_case_to_the_new_administrator);
    tcase_add_test(tc, designation_needs_an_accepted_case_and_the_court);
    tcase_add_test(tc, designation_dates_and_fields_are_checked);
    tcase_add_test(tc, a_login_linked_later_reaches_the_current_case);
    tcase_add_test(tc, roster_writes_replay_an_idempotency_key);
    tcase_add_test(tc, a_designation_replays_an_idempotency_key);
    tcase_add_test(tc, roster_reads_carry_an_etag);
    tcase_add_test(tc, roster_patch_needs_the_current_if_match);
    tcase_add_test(tc, lists_link_to_their_next_page);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("administrators", administrators_suite, NULL)
