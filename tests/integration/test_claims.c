/* test_claims.c: claims over HTTP, with the server's "today" fixed at 2026-06-15 (a Monday)
 * so that every period is known: a case filed, accepted, its administrator designated and
 * the acceptance announced with a 30-day claim period (ending 2026-07-15); declarations in
 * and after the period (interest past acceptance refused, supplementary, late with a
 * cause), the administrator's listed wage claim, amendments with numbered versions and a
 * withdrawal; the claim table in bulk (a bad row: nothing written, per-row errors; a good
 * table; a retry replayed; a second version in CSV saying per row what changed), its
 * service opening the objection period, an objection, the review opinion, a lawsuit, the
 * court's confirmation and a provisional amount; and each role refused where it must be.
 * "Time passing" (a period ended) is set in the database directly, as the service reads
 * its dates from there. */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define CLAIMS_METRICS_TOKEN "claims-metrics-token-0123456789"

#define TODAY "2026-06-15"
#define DEBTOR_IB_MATERIALS                                                                        \
    "[{\"kind\":\"application\",\"reference\":\"d1\"},"                                            \
    "{\"kind\":\"integrity_commitment\",\"reference\":\"d2\"},"                                    \
    "{\"kind\":\"bankruptcy_explanation\",\"reference\":\"d3\"},"                                  \
    "{\"kind\":\"income_statement\",\"reference\":\"d4\"},"                                        \
    "{\"kind\":\"social_security_statement\",\"reference\":\"d5\"},"                               \
    "{\"kind\":\"tax_record\",\"reference\":\"d6\"},"                                              \
    "{\"kind\":\"property_inventory\",\"reference\":\"d7\"},"                                      \
    "{\"kind\":\"debts_inventory\",\"reference\":\"d8\"},"                                         \
    "{\"kind\":\"dependants_info\",\"reference\":\"d9\"},"                                         \
    "{\"kind\":\"employee_wages_social_insurance\",\"reference\":\"d10\"}]"

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *court(void)
{
    return it_token_kept("court", "judge-claims");
}

/* A case at the claim period: the debtor, the administrator, the case id. */
struct kase {
    struct it_party debtor, admin;
    char id[37];
};

static void set_sql(const char *sql)
{
    bool ok = false;
    free(it_sql(sql, &ok));
    ck_assert_msg(ok, "%s", sql);
}

static long sql_count(const char *sql)
{
    bool ok = false;
    char *v = it_sql(sql, &ok);
    ck_assert_msg(ok && v, "%s", sql);
    long n = atol(v);
    free(v);
    return n;
}

static void case_at_claim_period(struct kase *k, bool individual_business)
{
    it_party(&k->debtor, "debtor", "claims-debtor");
    char idn[19];
    it_idnumber(it_unique(), idn);
    it_party_vouched(&k->debtor, idn); /* a debtor registers itself with a vouched number */
    char *body = it_fmt("{\"name\":\"Debtor %s\",\"id_number\":\"%s\",\"sez_resident\":true,"
                        "\"social_insurance_years\":5,\"individual_business\":%s}",
                        k->debtor.sub, idn, individual_business ? "true" : "false");
    struct it_resp *r = it_post("/v1/debtors", k->debtor.token, body);
    it_expect(r, 201);
    snprintf(k->debtor.id, sizeof k->debtor.id, "%s", it_str(r, "id"));
    const char *debtor_id = k->debtor.id;
    it_free(r);
    free(body);
    body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s,"
                  "\"expected_income\":{\"monthly_amount\":\"12000.00\",\"source\":\"salary\"}}",
                  debtor_id, individual_business ? DEBTOR_IB_MATERIALS : IT_DEBTOR_MATERIALS);
    r = it_post("/v1/applications", k->debtor.token, body);
    it_expect(r, 201);
    snprintf(k->id, sizeof k->id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    char path[160];
    snprintf(path, sizeof path, "/v1/applications/%s/decision", k->id);
    r = it_post(path, court(), "{\"outcome\":\"accept\",\"ruling_date\":\"" TODAY "\"}");
    it_expect(r, 200);
    it_free(r);
    char *dept = it_token("department", "dept-claims");
    it_party(&k->admin, "administrator", "claims-adm");
    body = it_fmt("{\"subject\":\"%s\",\"kind\":\"individual\",\"name\":\"Li Na\","
                  "\"profession\":\"lawyer\",\"qualification\":\"SZ-ADM-2026-7\"}",
                  k->admin.sub);
    r = it_post("/v1/administrators", dept, body);
    it_expect(r, 201);
    char admin_id[37];
    snprintf(admin_id, sizeof admin_id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    free(dept);
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", k->id);
    body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"department_proposal\","
                  "\"designated_on\":\"" TODAY "\"}",
                  admin_id);
    r = it_post(path, court(), body);
    it_expect(r, 200);
    it_free(r);
    free(body);
    snprintf(path, sizeof path, "/v1/applications/%s/acts", k->id);
    r = it_post(path, court(),
                "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                "\"claim_period_days\":30,\"event_date\":\"2026-07-25\"}");
    it_expect(r, 201);
    ck_assert_str_eq(jstr(json_object_get(r->json, "detail"), "claim_period_end"), "2026-07-15");
    it_free(r);
}

static char *declaration(const char *name, const char *principal, const char *extra)
{
    return it_fmt(
        "{\"creditor_name\":\"%s\",\"principal\":\"%s\",\"claimed_class\":\"ordinary\","
        "\"secured\":false,\"evidence\":[{\"kind\":\"loan_contract\",\"reference\":\"c-1\"}]%s}",
        name, principal, extra ? extra : "");
}

static struct it_resp *declare(const struct kase *k, const char *token, const char *body)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/applications/%s/claims", k->id);
    return it_post(path, token, body);
}

/* Declares and returns the claim's id in id. */
static void declared(const struct kase *k, const char *token, const char *principal, char id[37])
{
    char *body = declaration("Bank", principal, NULL);
    struct it_resp *r = declare(k, token, body);
    it_expect(r, 201);
    snprintf(id, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

static void expect_rule(struct it_resp *r, const char *rule, const char *field)
{
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/rule");
    const char *id = jstr(json_object_get(r->json, "rule"), "id");
    ck_assert_msg(id && strcmp(id, rule) == 0, "expected rule %s: %s", rule, r->body);
    if (field)
        ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "errors"), 0), "field"),
                         field);
}

static void expect_field(struct it_resp *r, int status, const char *field, const char *needle)
{
    it_expect(r, status);
    json_t *e;
    size_t i;
    bool found = false;
    json_array_foreach(json_object_get(r->json, "errors"), i, e) found =
        found || (strcmp(jstr(e, "field"), field) == 0 &&
                  (needle == NULL || strstr(jstr(e, "message"), needle) != NULL));
    ck_assert_msg(found, "expected field %s (%s) in %s", field, needle ? needle : "", r->body);
}

static struct it_resp *claim_get(const char *id, const char *token)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/claims/%s", id);
    return it_get(path, token);
}

static struct it_resp *post_at(const char *fmt, const char *id, const char *token, const char *body)
{
    char path[200];
    snprintf(path, sizeof path, fmt, id);
    return it_post(path, token, body);
}

/* ---- declarations ---- */

START_TEST(declaration_in_the_period_with_versions)
{
    struct kase k;
    case_at_claim_period(&k, false);
    struct it_party cred, other;
    it_party(&cred, "creditor", "claims-bank");
    it_party(&other, "creditor", "claims-other");
    char *body = declaration("Bank of Shenzhen", "10000.00",
                             ",\"interest\":\"520.50\",\"interest_until\":\"" TODAY "\"");
    struct it_resp *r = declare(&k, cred.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "status"), "declared");
    ck_assert_str_eq(it_str(r, "timing"), "in_period");
    ck_assert_str_eq(it_str(r, "claimed_amount"), "10520.50");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 1);
    char id[37], loc[80];
    snprintf(id, sizeof id, "%s", it_str(r, "id"));
    snprintf(loc, sizeof loc, "/v1/claims/%s", id);
    ck_assert_str_eq(it_header(r, "Location"), loc);
    it_free(r);
    free(body);

    /* interest after acceptance: SZ-CLM-MATURITY, nothing written */
    body = declaration("Bank of Shenzhen", "10000.00",
                       ",\"interest\":\"900.00\",\"interest_until\":\"2026-06-30\"");
    r = declare(&k, cred.token, body);
    expect_rule(r, "SZ-CLM-MATURITY", "interest_until");
    it_free(r);
    free(body);
    char *q = it_fmt("SELECT count(*) FROM claims WHERE case_id = '%s'", k.id);
    ck_assert_int_eq(sql_count(q), 1);

    /* SZ-CLM-CONTENT's contents, the class, a joint claim's co-creditors */
    r = declare(&k, cred.token,
                "{\"creditor_name\":\"Bank\",\"principal\":\"1.00\","
                "\"claimed_class\":\"ordinary\"}");
    expect_field(r, 400, "evidence", "SZ-CLM-CONTENT");
    expect_field(r, 400, "secured", "SZ-CLM-CONTENT");
    it_free(r);
    body = declaration("Bank", "1.00", ",\"joint\":true");
    r = declare(&k, cred.token, body);
    expect_field(r, 400, "co_creditors", NULL);
    it_free(r);
    free(body);
    r = declare(&k, cred.token,
                "{\"creditor_name\":\"Bank\",\"principal\":\"1.00\","
                "\"claimed_class\":\"taxes\",\"secured\":false,"
                "\"evidence\":[{\"kind\":\"x\",\"reference\":\"y\"}]}");
    expect_rule(r, "SZ-LIQ-ORDER", "claimed_class");
    it_free(r);
    body = declaration("Bank", "1.00", ",\"kind\":\"hopeful\"");
    r = declare(&k, cred.token, body);
    expect_field(r, 400, "kind", "SZ-CLM-KINDS");
    it_free(r);
    free(body);
    body = declaration("Bank", "1.00",
                       ",\"late_cause\":{\"cause\":\"flood\",\"ended_on\":\"2026-06-01\"}");
    r = declare(&k, cred.token, body);
    expect_field(r, 400, "late_cause", NULL);
    it_free(r);
    free(body);
    ck_assert_int_eq(sql_count(q), 1);

    /* an amendment is version 2; both are kept */
    body = declaration("Bank of Shenzhen", "9800.00",
                       ",\"kind\":\"conditional\",\"secured\":true,\"collateral\":{\"description\":"
                       "\"flat\",\"value\":\"500000.00\",\"secured_amount\":\"9800.00\"}");
    /* declaration() says secured false: build this one by hand */
    free(body);
    body = it_fmt("{\"creditor_name\":\"Bank of Shenzhen\",\"principal\":\"9800.00\","
                  "\"claimed_class\":\"ordinary\",\"kind\":\"conditional\",\"secured\":true,"
                  "\"collateral\":{\"description\":\"flat\",\"value\":\"500000.00\","
                  "\"secured_amount\":\"9800.00\"},\"evidence\":[{\"kind\":\"mortgage\","
                  "\"reference\":\"m-1\"}]}");
    r = post_at("/v1/claims/%s/versions", id, other.token, body);
    it_expect(r, 404); /* another creditor's claim */
    it_free(r);
    r = post_at("/v1/claims/%s/versions", id, cred.token, body);
    it_expect(r, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 2);
    ck_assert_str_eq(it_str(r, "secured_amount"), "9800.00");
    it_free(r);
    free(body);
    r = claim_get(id, cred.token);
    it_expect(r, 200);
    json_t *versions = json_object_get(r->json, "versions");
    ck_assert_int_eq(json_array_size(versions), 2);
    ck_assert_str_eq(jstr(json_array_get(versions, 0), "change"), "declared");
    ck_assert_str_eq(jstr(json_array_get(versions, 1), "change"), "amended");
    ck_assert_str_eq(jstr(json_object_get(json_array_get(versions, 0), "declaration"), "principal"),
                     "10000.00");
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "timeline")), 2);
    const char *etag = it_header(r, "ETag");
    ck_assert_ptr_nonnull(etag);
    char inm[80];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    it_free(r);
    char path[128];
    snprintf(path, sizeof path, "/v1/claims/%s", id);
    const char *h[] = {inm, NULL};
    r = it_call("GET", path, cred.token, NULL, h);
    it_expect(r, 304);
    it_free(r);

    /* who reads it */
    r = claim_get(id, other.token);
    it_expect(r, 404);
    it_free(r);
    r = claim_get(id, k.debtor.token);
    it_expect(r, 403);
    it_free(r);
    r = claim_get(id, k.admin.token);
    it_expect(r, 200);
    it_free(r);

    /* the creditor is now a member of the case; the other is not */
    snprintf(path, sizeof path, "/v1/applications/%s", k.id);
    r = it_get(path, cred.token);
    it_expect(r, 200);
    it_free(r);
    r = it_get(path, other.token);
    it_expect(r, 404);
    it_free(r);

    /* a withdrawal is a version too; nothing is amended after it */
    char id2[37];
    declared(&k, cred.token, "100.00", id2);
    r = post_at("/v1/claims/%s/withdrawal", id2, cred.token, "{\"reason\":\"paid\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "withdrawn");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 2);
    it_free(r);
    r = post_at("/v1/claims/%s/withdrawal", id2, cred.token, "{}");
    it_expect(r, 409);
    it_free(r);

    /* the case's claims: a creditor lists its own; the administrator every one */
    struct it_party third;
    it_party(&third, "creditor", "claims-third");
    char id3[37];
    declared(&k, third.token, "50.00", id3);
    snprintf(path, sizeof path, "/v1/applications/%s/claims", k.id);
    r = it_get(path, cred.token);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_eq(json_array_size(items), 2);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        ck_assert_str_eq(jstr(json_object_get(it, "creditor"), "subject"), cred.sub);
    it_free(r);
    r = it_get(path, k.admin.token);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 3);
    it_free(r);
    r = it_get(path, other.token);
    it_expect(r, 404);
    it_free(r);
    free(q);
}
END_TEST

START_TEST(declaration_replayed_with_idempotency_key)
{
    struct kase k;
    case_at_claim_period(&k, false);
    struct it_party cred;
    it_party(&cred, "creditor", "claims-idem");
    char path[160];
    snprintf(path, sizeof path, "/v1/applications/%s/claims", k.id);
    char *body = declaration("Bank", "300.00", NULL);
    const char *key[] = {"Idempotency-Key: claim-key-1", NULL};
    struct it_resp *first = it_call("POST", path, cred.token, body, key);
    it_expect(first, 201);
    ck_assert_ptr_null(it_header(first, "Idempotent-Replayed"));
    struct it_resp *again = it_call("POST", path, cred.token, body, key);
    it_expect(again, 201);
    ck_assert_pstr_eq(it_header(again, "Idempotent-Replayed"), "true");
    ck_assert_str_eq(first->body, again->body);
    ck_assert_str_eq(it_header(first, "Location"), it_header(again, "Location"));
    char *q = it_fmt("SELECT count(*) FROM claims WHERE case_id = '%s'", k.id);
    ck_assert_int_eq(sql_count(q), 1);
    char *other = declaration("Bank", "301.00", NULL);
    struct it_resp *r = it_call("POST", path, cred.token, other, key);
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/idempotency-key-reused");
    ck_assert_int_eq(sql_count(q), 1);
    it_free(r);
    /* holding a claim makes it a member: the case's debtor is in its list of debtors */
    struct it_resp *debtors = it_get("/v1/debtors", cred.token);
    it_expect(debtors, 200);
    ck_assert_int_eq(strlen(k.debtor.id), 36);
    ck_assert_ptr_nonnull(strstr(debtors->body, k.debtor.id));
    it_free(debtors);
    it_free(first);
    it_free(again);
    free(body);
    free(other);
    free(q);
}
END_TEST

START_TEST(declarations_after_the_period)
{
    struct kase k;
    case_at_claim_period(&k, false);
    /* the period ended on 2026-05-29 */
    char *sql = it_fmt("UPDATE case_acts SET detail = jsonb_set(detail, '{claim_period_end}', "
                       "'\"2026-05-29\"') WHERE case_id = '%s' AND kind = 'announced'",
                       k.id);
    set_sql(sql);
    free(sql);
    struct it_party cred;
    it_party(&cred, "creditor", "claims-late");
    char *body = declaration("Late Bank", "700.00", NULL);
    struct it_resp *r = declare(&k, cred.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "timing"), "supplementary");
    json_t *supp = json_object_get(json_object_get(r->json, "declaration"), "supplementary");
    ck_assert_str_eq(jstr(supp, "rule"), "SZ-CLM-SUPPLEMENTARY");
    ck_assert_str_eq(jstr(supp, "review_cost_borne_by"), "late_creditor");
    char late_id[37];
    snprintf(late_id, sizeof late_id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    /* amended, it is still the supplementary declaration it was, flag and all */
    body = declaration("Late Bank", "650.00", NULL);
    r = post_at("/v1/claims/%s/versions", late_id, cred.token, body);
    it_expect(r, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 2);
    ck_assert_str_eq(it_str(r, "timing"), "supplementary");
    ck_assert_str_eq(it_str(r, "principal"), "650.00");
    supp = json_object_get(json_object_get(r->json, "declaration"), "supplementary");
    ck_assert_msg(supp != NULL, "the amendment dropped the flag: %s", r->body);
    ck_assert_str_eq(jstr(supp, "rule"), "SZ-CLM-SUPPLEMENTARY");
    it_free(r);
    free(body);

    /* a cause that ended on 2026-06-08: within 10 days, to 2026-06-18 */
    body = declaration(
        "Kept Away Ltd", "800.00",
        ",\"late_cause\":{\"cause\":\"typhoon closed the port\",\"ended_on\":\"2026-06-08\"}");
    r = declare(&k, cred.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "timing"), "late_with_cause");
    ck_assert_str_eq(jstr(json_object_get(r->json, "declaration"), "late_cause_due"), "2026-06-18");
    it_free(r);
    free(body);
    /* one that ended on 2026-06-01: the 10 days ran out on 2026-06-11 */
    body = declaration("Kept Away Ltd", "800.00",
                       ",\"late_cause\":{\"cause\":\"hospital\",\"ended_on\":\"2026-06-01\"}");
    r = declare(&k, cred.token, body);
    expect_rule(r, "SZ-CLM-LATE-CAUSE", "late_cause.ended_on");
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "2026-06-11"));
    it_free(r);
    free(body);
    /* one that ended within the claim period was no cause */
    body = declaration("Kept Away Ltd", "800.00",
                       ",\"late_cause\":{\"cause\":\"x\",\"ended_on\":\"2026-05-20\"}");
    r = declare(&k, cred.token, body);
    expect_rule(r, "SZ-CLM-LATE-CAUSE", "late_cause.ended_on");
    it_free(r);
    free(body);

    /* after the final distribution no claim is declared */
    r = post_at("/v1/applications/%s/acts", k.id, k.admin.token,
                "{\"kind\":\"final_distribution\"}");
    it_expect(r, 201);
    it_free(r);
    body = declaration("Too Late Ltd", "900.00", NULL);
    r = declare(&k, cred.token, body);
    expect_rule(r, "SZ-CLM-SUPPLEMENTARY", NULL);
    it_free(r);
    free(body);
}
END_TEST

/* Past the final distribution a claim is no longer declared, unless the case's administrator
 * found that the debtor knew of it and left it off its inventory: then the creditor it
 * names declares once, the claim flagged with the finding, which is used up. */
START_TEST(declaration_the_debtor_left_off_its_inventory)
{
    struct kase k, elsewhere;
    case_at_claim_period(&k, false);
    case_at_claim_period(&elsewhere, false); /* another administrator's case */
    char *sql = it_fmt("UPDATE case_acts SET detail = jsonb_set(detail, '{claim_period_end}', "
                       "'\"2026-05-29\"') WHERE case_id = '%s' AND kind = 'announced'",
                       k.id);
    set_sql(sql);
    free(sql);
    struct it_resp *r = post_at("/v1/applications/%s/acts", k.id, k.admin.token,
                                "{\"kind\":\"final_distribution\"}");
    it_expect(r, 201);
    it_free(r);
    struct it_party cred, bystander;
    it_party(&cred, "creditor", "claims-omitted");
    it_party(&bystander, "creditor", "claims-bystander");
    char *body = declaration("Forgotten Ltd", "4200.00", NULL);
    r = declare(&k, cred.token, body);
    expect_rule(r, "SZ-CLM-SUPPLEMENTARY", NULL);
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "left it off its inventory"));
    it_free(r);

    /* only the case's administrator finds it */
    char *mark = it_fmt("{\"creditor_subject\":\"%s\",\"creditor_name\":\"Forgotten Ltd\","
                        "\"reasons\":\"the 2025 loan is in the debtor's bank statements and "
                        "not in its debts inventory\"}",
                        cred.sub);
    const char *path = "/v1/applications/%s/omitted-claims";
    r = post_at(path, k.id, elsewhere.admin.token, mark);
    it_expect(r, 404);
    it_free(r);
    r = post_at(path, k.id, court(), mark);
    it_expect(r, 403);
    it_free(r);
    r = post_at(path, k.id, cred.token, mark);
    it_expect(r, 403);
    it_free(r);
    r = post_at(path, k.id, k.debtor.token, mark);
    it_expect(r, 403);
    it_free(r);
    r = post_at(path, k.id, k.admin.token, "{\"creditor_subject\":\"x\",\"creditor_name\":\"y\"}");
    expect_field(r, 400, "reasons", NULL);
    it_free(r);
    r = post_at(path, k.id, k.admin.token,
                "{\"creditor_subject\":\"x\",\"creditor_name\":\"y\",\"reasons\":\"z\","
                "\"date\":\"2026-06-16\"}");
    expect_field(r, 400, "date", "future");
    it_free(r);
    char *marks = it_fmt("SELECT count(*) FROM claim_omissions WHERE case_id = '%s'", k.id);
    ck_assert_int_eq(sql_count(marks), 0);
    r = post_at(path, k.id, k.admin.token, mark);
    it_expect(r, 201);
    char omission[37];
    snprintf(omission, sizeof omission, "%s", it_str(r, "id"));
    ck_assert_str_eq(jstr(json_object_get(r->json, "creditor"), "subject"), cred.sub);
    ck_assert_str_eq(jstr(json_object_get(r->json, "marked_by"), "subject"), k.admin.sub);
    ck_assert_str_eq(it_str(r, "marked_on"), TODAY);
    ck_assert(json_is_null(json_object_get(r->json, "claim_id")));
    it_free(r);

    /* it names one creditor: another is still refused */
    r = declare(&k, bystander.token, body);
    expect_rule(r, "SZ-CLM-SUPPLEMENTARY", NULL);
    it_free(r);
    r = declare(&k, cred.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "timing"), "supplementary");
    json_t *supp = json_object_get(json_object_get(r->json, "declaration"), "supplementary");
    json_t *omitted = json_object_get(supp, "debtor_omitted");
    ck_assert_pstr_eq(jstr(omitted, "omission_id"), omission);
    ck_assert_pstr_eq(jstr(omitted, "exception"), "debtor_knew_and_omitted");
    ck_assert_pstr_eq(jstr(json_object_get(omitted, "marked_by"), "role"), "administrator");
    ck_assert_str_eq(jstr(supp, "review_cost_borne_by"), "late_creditor");
    char *used = it_fmt("SELECT count(*) FROM claim_omissions WHERE id = '%s' AND claim_id = '%s'",
                        omission, it_str(r, "id"));
    ck_assert_int_eq(sql_count(used), 1);
    free(used);
    it_free(r);
    /* used up: the next declaration is refused again */
    r = declare(&k, cred.token, body);
    expect_rule(r, "SZ-CLM-SUPPLEMENTARY", NULL);
    it_free(r);
    char *audit = it_fmt("SELECT count(*) FROM audit_log WHERE case_id = '%s' AND action = "
                         "'claim.omission' AND role = 'administrator' AND subject = '%s' AND "
                         "object_id = '%s' AND request_id <> ''",
                         k.id, k.admin.sub, omission);
    ck_assert_int_eq(sql_count(audit), 1);
    free(audit);
    free(marks);
    free(mark);
    free(body);
}
END_TEST

START_TEST(listed_wage_claims)
{
    struct kase k, plain;
    case_at_claim_period(&k, true);
    case_at_claim_period(&plain, false);
    const char *listed =
        "{\"creditor_name\":\"Employee Zhang\",\"principal\":\"6000.00\","
        "\"claimed_class\":\"employees\",\"secured\":false,\"evidence\":"
        "[{\"kind\":\"payroll\",\"reference\":\"p-5\"}],\"listed_item\":\"employee_wages\"}";
    struct it_resp *r = declare(&k, k.admin.token, listed);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "source"), "listed");
    ck_assert_str_eq(it_str(r, "timing"), "listed");
    ck_assert(json_is_null(json_object_get(json_object_get(r->json, "creditor"), "subject")));
    it_free(r);
    r = declare(&plain, plain.admin.token, listed); /* not an individual business */
    expect_rule(r, "SZ-CLM-NO-DECLARE", "listed_item");
    it_free(r);
    r = declare(&plain, k.admin.token, listed); /* not its case */
    it_expect(r, 404);
    it_free(r);
    struct it_party cred;
    it_party(&cred, "creditor", "claims-listed");
    r = declare(&k, cred.token, listed);
    expect_field(r, 400, "listed_item", "only the administrator");
    it_free(r);
    char *body = declaration("Bank", "1.00", NULL);
    r = declare(&k, k.admin.token, body);
    expect_field(r, 400, "listed_item", "is required");
    it_free(r);
    free(body);
    r = declare(&k, court(), listed);
    it_expect(r, 403);
    it_free(r);
}
END_TEST

/* The first item of a list whose member key is value, or NULL. */
static json_t *item_with(struct it_resp *r, const char *key, const char *value)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it)
    {
        if (strcmp(jstr(it, key), value) == 0)
            return it;
    }
    return NULL;
}

/* SZ-CLM-NO-DECLARE: the administrator publishes the list of the claims it listed; the act
 * carries the list and its date, every member of the case reads it, each claim's timeline
 * says so. */
START_TEST(listed_claims_published)
{
    struct kase k;
    case_at_claim_period(&k, true);
    struct it_party member, outsider;
    it_party(&member, "creditor", "claims-member");
    it_party(&outsider, "creditor", "claims-outsider");
    char mine[37];
    declared(&k, member.token, "900.00", mine);
    const char *publish = "{\"kind\":\"listed_claims_published\",\"date\":\"" TODAY "\"}";
    struct it_resp *r = post_at("/v1/applications/%s/acts", k.id, k.admin.token, publish);
    it_expect(r, 409); /* nothing listed yet */
    ck_assert_str_eq(jstr(json_object_get(r->json, "rule"), "id"), "SZ-CLM-NO-DECLARE");
    it_free(r);
    char wage[37];
    r = declare(
        &k, k.admin.token,
        "{\"creditor_name\":\"Employee Chen\",\"principal\":\"7000.00\","
        "\"claimed_class\":\"employees\",\"secured\":false,\"evidence\":"
        "[{\"kind\":\"payroll\",\"reference\":\"p-7\"}],\"listed_item\":\"employee_wages\"}");
    it_expect(r, 201);
    snprintf(wage, sizeof wage, "%s", it_str(r, "id"));
    it_free(r);
    r = declare(&k, k.admin.token,
                "{\"creditor_name\":\"Employee Chen\",\"principal\":\"1200.50\","
                "\"claimed_class\":\"employees\",\"secured\":false,\"evidence\":"
                "[{\"kind\":\"payroll\",\"reference\":\"p-8\"}],"
                "\"listed_item\":\"employee_social_insurance\"}");
    it_expect(r, 201);
    it_free(r);
    r = post_at("/v1/applications/%s/acts", k.id, court(), publish);
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/applications/%s/acts", k.id, member.token, publish);
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/applications/%s/acts", k.id, k.admin.token, publish);
    it_expect(r, 201);
    char act_id[37];
    snprintf(act_id, sizeof act_id, "%s", it_str(r, "id"));
    ck_assert_str_eq(it_str(r, "date"), TODAY);
    json_t *detail = json_object_get(r->json, "detail");
    ck_assert_str_eq(jstr(detail, "rule"), "SZ-CLM-NO-DECLARE");
    json_t *list = json_object_get(detail, "listed_claims");
    ck_assert_int_eq(json_array_size(list), 2);
    ck_assert_str_eq(jstr(json_array_get(list, 0), "claim_id"), wage);
    ck_assert_str_eq(jstr(json_array_get(list, 0), "listed_item"), "employee_wages");
    ck_assert_str_eq(jstr(json_array_get(list, 1), "claimed_amount"), "1200.50");
    it_free(r);

    /* the case's members read it with the case's acts; an outsider does not see the case */
    const struct it_party *readers[] = {&member, &k.debtor};
    for (int i = 0; i < 2; i++) {
        char path[160];
        snprintf(path, sizeof path, "/v1/applications/%s/acts", k.id);
        r = it_get(path, readers[i]->token);
        it_expect(r, 200);
        json_t *act = item_with(r, "kind", "listed_claims_published");
        ck_assert_msg(act != NULL, "no published list in %s", r->body);
        ck_assert_str_eq(jstr(act, "id"), act_id);
        ck_assert_int_eq(
            json_array_size(json_object_get(json_object_get(act, "detail"), "listed_claims")), 2);
        it_free(r);
    }
    char path[160];
    snprintf(path, sizeof path, "/v1/applications/%s/acts", k.id);
    r = it_get(path, outsider.token);
    it_expect(r, 404);
    it_free(r);

    /* each listed claim's timeline says it was published, by which act */
    r = claim_get(wage, k.admin.token);
    it_expect(r, 200);
    json_t *timeline = json_object_get(r->json, "timeline");
    json_t *last = json_array_get(timeline, json_array_size(timeline) - 1);
    ck_assert_str_eq(jstr(last, "what"), "published");
    ck_assert_str_eq(jstr(last, "date"), TODAY);
    ck_assert_str_eq(jstr(json_object_get(last, "detail"), "act_id"), act_id);
    it_free(r);
    r = claim_get(mine, member.token); /* a declared claim is not on the list */
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "timeline")), 1);
    it_free(r);
    char *audit = it_fmt("SELECT count(*) FROM audit_log WHERE case_id = '%s' AND action = "
                         "'act.record' AND object_id = '%s' AND subject = '%s'",
                         k.id, act_id, k.admin.sub);
    ck_assert_int_eq(sql_count(audit), 1);
    free(audit);
}
END_TEST

/* A creditor whose only tie to a case is a claim finds the case in its applications and
 * the case's deadlines on its dashboard, as it reads them by id; another creditor does not. */
START_TEST(a_claim_makes_the_case_and_its_deadlines_listed)
{
    struct kase k;
    case_at_claim_period(&k, false);
    struct it_party holder, outsider;
    it_party(&holder, "creditor", "claims-holder");
    it_party(&outsider, "creditor", "claims-nobody");
    struct it_resp *r = it_get("/v1/applications", holder.token);
    it_expect(r, 200);
    ck_assert(item_with(r, "id", k.id) == NULL); /* before its claim */
    it_free(r);
    char claim[37];
    declared(&k, holder.token, "250.00", claim);
    r = it_get("/v1/applications", holder.token);
    it_expect(r, 200);
    ck_assert_msg(item_with(r, "id", k.id) != NULL, "case %s not in %s", k.id, r->body);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    it_free(r);
    r = it_get("/v1/deadlines", holder.token);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_gt(json_array_size(items), 0);
    size_t i;
    json_t *d;
    json_array_foreach(items, i, d) ck_assert_str_eq(jstr(d, "case_id"), k.id);
    it_free(r);
    char *pending = it_fmt("/v1/deadlines?status=pending&case_id=%s", k.id);
    r = it_get(pending, holder.token);
    it_expect(r, 200);
    ck_assert(item_with(r, "case_id", k.id) != NULL);
    it_free(r);
    /* no claim, no petition: nothing */
    r = it_get("/v1/applications", outsider.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);
    r = it_get("/v1/deadlines", outsider.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);
    r = it_get(pending, outsider.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);
    free(pending);
}
END_TEST

/* ---- the claim table ---- */

static struct it_resp *submit(const struct kase *k, const char *token, const char *query,
                              const char *body, const char *const *headers)
{
    char path[200];
    snprintf(path, sizeof path, "/v1/applications/%s/claim-table%s", k->id, query ? query : "");
    return it_call("POST", path, token, body, headers);
}

static const json_t *row_of(struct it_resp *r, size_t i)
{
    return json_array_get(json_object_get(r->json, "rows"), i);
}

static const char *row_error_field(struct it_resp *r, size_t i)
{
    return jstr(json_array_get(json_object_get(row_of(r, i), "errors"), 0), "field");
}

START_TEST(claim_table_to_confirmation)
{
    struct kase k;
    case_at_claim_period(&k, true);
    struct it_party a, b, outsider;
    it_party(&a, "creditor", "claims-a");
    it_party(&b, "creditor", "claims-b");
    it_party(&outsider, "creditor", "claims-out");
    char ca[37], cb[37], wage[37];
    declared(&k, a.token, "10000.00", ca);
    declared(&k, b.token, "5000.00", cb);
    struct it_resp *r = declare(&k, k.admin.token,
                                "{\"creditor_name\":\"Employee Wu\",\"principal\":\"3000.00\","
                                "\"claimed_class\":\"employees\",\"secured\":false,\"evidence\":"
                                "[{\"kind\":\"payroll\",\"reference\":\"p-1\"}],"
                                "\"listed_item\":\"employee_wages\"}");
    it_expect(r, 201);
    snprintf(wage, sizeof wage, "%s", it_str(r, "id"));
    it_free(r);
    char *tables = it_fmt("SELECT count(*) FROM claim_tables WHERE case_id = '%s'", k.id);

    /* one bad row (more than claimed) and one of the wrong shape: nothing is written */
    char *bad = it_fmt(
        "{\"rows\":[{\"claim_id\":\"%s\",\"admitted_amount\":\"8000.00\","
        "\"admitted_class\":\"ordinary\",\"reasons\":\"part repaid\"},"
        "{\"claim_id\":\"%s\",\"admitted_amount\":\"5000.01\",\"admitted_class\":\"ordinary\"},"
        "{\"claim_id\":\"%s\",\"admitted_amount\":\"12.345\",\"admitted_class\":\"employees\"}]}",
        ca, cb, wage);
    r = submit(&k, k.admin.token, NULL, bad, NULL);
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/claim-table-rows");
    ck_assert(json_is_false(json_object_get(r->json, "written")));
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "refused_rows")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(row_of(r, 1), "row")), 2);
    ck_assert_str_eq(jstr(row_of(r, 1), "claim_id"), cb);
    ck_assert_str_eq(row_error_field(r, 1), "admitted_amount");
    ck_assert_int_eq(json_integer_value(json_object_get(row_of(r, 2), "row")), 3);
    ck_assert_str_eq(row_error_field(r, 2), "admitted_amount");
    ck_assert_ptr_null(json_object_get(row_of(r, 0), "errors"));
    it_free(r);
    ck_assert_int_eq(sql_count(tables), 0);
    r = claim_get(ca, a.token);
    ck_assert_str_eq(it_str(r, "status"), "declared");
    it_free(r);
    /* a class outside SZ-LIQ-ORDER's, and reasons missing for a partial admission */
    char *bad2 = it_fmt("{\"rows\":[{\"claim_id\":\"%s\",\"admitted_amount\":\"8000.00\","
                        "\"admitted_class\":\"ordinary\"},{\"claim_id\":\"%s\",\"admitted_amount\":"
                        "\"5000.00\",\"admitted_class\":\"taxes\"}]}",
                        ca, cb);
    r = submit(&k, k.admin.token, NULL, bad2, NULL);
    it_expect(r, 422);
    ck_assert_str_eq(row_error_field(r, 0), "reasons");
    ck_assert_str_eq(row_error_field(r, 1), "admitted_class");
    it_free(r);
    free(bad2);

    /* validate only: answered, nothing written */
    char *good = it_fmt(
        "{\"rows\":[{\"claim_id\":\"%s\",\"admitted_amount\":\"8000.00\","
        "\"admitted_class\":\"ordinary\",\"reasons\":\"part repaid\"},"
        "{\"claim_id\":\"%s\",\"admitted_amount\":\"5000.00\",\"admitted_class\":\"ordinary\"},"
        "{\"claim_id\":\"%s\",\"admitted_amount\":\"3000.00\",\"admitted_class\":\"employees\"}]}",
        ca, cb, wage);
    r = submit(&k, k.admin.token, "?validate_only=true", good, NULL);
    it_expect(r, 200);
    ck_assert(json_is_false(json_object_get(r->json, "written")));
    ck_assert_str_eq(jstr(row_of(r, 0), "outcome"), "partly_admitted");
    it_free(r);
    ck_assert_int_eq(sql_count(tables), 0);

    /* roles: only the administrator submits */
    r = submit(&k, court(), NULL, good, NULL);
    it_expect(r, 403);
    it_free(r);
    r = submit(&k, a.token, NULL, good, NULL);
    it_expect(r, 403);
    it_free(r);

    /* the good table, with a key; the retry is replayed */
    const char *key[] = {"Idempotency-Key: table-v1", NULL};
    r = submit(&k, k.admin.token, NULL, good, key);
    it_expect(r, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 1);
    ck_assert_str_eq(jstr(row_of(r, 0), "change"), "added");
    char loc[160];
    snprintf(loc, sizeof loc, "/v1/applications/%s/claim-table?version=1", k.id);
    ck_assert_str_eq(it_header(r, "Location"), loc);
    struct it_resp *again = submit(&k, k.admin.token, NULL, good, key);
    it_expect(again, 201);
    ck_assert_pstr_eq(it_header(again, "Idempotent-Replayed"), "true");
    ck_assert_str_eq(again->body, r->body);
    it_free(again);
    it_free(r);
    ck_assert_int_eq(sql_count(tables), 1);
    r = claim_get(ca, a.token);
    ck_assert_str_eq(it_str(r, "status"), "partly_admitted");
    ck_assert_str_eq(jstr(json_object_get(r->json, "review"), "admitted_amount"), "8000.00");
    json_t *last = json_array_get(json_object_get(r->json, "timeline"), 1);
    ck_assert_str_eq(jstr(last, "what"), "reviewed");
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(last, "detail"), "table_version")), 1);
    it_free(r);
    /* reviewed: no more amendments */
    char *amend = declaration("Bank", "10.00", NULL);
    r = post_at("/v1/claims/%s/versions", ca, a.token, amend);
    it_expect(r, 409);
    ck_assert_str_eq(jstr(json_object_get(r->json, "rule"), "id"), "SZ-CLM-TABLE");
    it_free(r);
    free(amend);

    /* not served yet: creditors do not receive it; the administrator reads it */
    char path[200];
    snprintf(path, sizeof path, "/v1/applications/%s/claim-table", k.id);
    r = it_get(path, a.token);
    it_expect(r, 404);
    it_free(r);
    r = it_get(path, k.admin.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 1);
    it_free(r);
    /* no objection before service */
    r = post_at("/v1/claims/%s/objections", cb, a.token, "{\"reasons\":\"too much\"}");
    it_expect(r, 409);
    it_free(r);

    /* version 2 in CSV: the first row changes, the others do not */
    char *csv = it_fmt("claim_id,admitted_amount,admitted_class,reasons\r\n"
                       "%s,9000.00,ordinary,part repaid\r\n%s,5000.00,ordinary,\r\n"
                       "%s,3000.00,employees,\r\n",
                       ca, cb, wage);
    const char *csv_type[] = {"Content-Type: text/csv", NULL};
    r = submit(&k, k.admin.token, NULL, csv, csv_type);
    it_expect(r, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 2);
    ck_assert_str_eq(jstr(row_of(r, 0), "change"), "changed");
    ck_assert_str_eq(
        json_string_value(json_array_get(json_object_get(row_of(r, 0), "changed_fields"), 0)),
        "admitted_amount");
    ck_assert_str_eq(jstr(row_of(r, 1), "change"), "unchanged");
    it_free(r);
    r = submit(&k, k.admin.token, NULL, "claim_id,colour\r\nx,y\r\n", csv_type);
    expect_field(r, 400, "line 1", "unknown column");
    it_free(r);
    ck_assert_int_eq(sql_count(tables), 2);

    /* service opens the objection period (15 days: 2026-06-30) */
    r = post_at("/v1/applications/%s/acts", k.id, k.admin.token,
                "{\"kind\":\"claim_table_served\"}");
    it_expect(r, 201);
    it_free(r);
    char *due = it_fmt(
        "SELECT due FROM deadlines WHERE case_id = '%s' AND rule_id = 'SZ-CLM-OBJECTION'", k.id);
    bool ok = false;
    char *d = it_sql(due, &ok);
    ck_assert_pstr_eq(d, "2026-06-30");
    free(d);
    free(due);
    r = it_get(path, a.token); /* as creditors receive it */
    it_expect(r, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 2);
    ck_assert_str_eq(it_str(r, "served_on"), TODAY);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "rows")), 3);
    it_free(r);
    r = it_get(path, k.debtor.token);
    it_expect(r, 200);
    it_free(r);
    r = it_get(path, outsider.token);
    it_expect(r, 404);
    it_free(r);

    /* objections: creditor a to b's claim, the debtor to the wage claim */
    r = post_at("/v1/claims/%s/objections", cb, outsider.token, "{\"reasons\":\"x\"}");
    it_expect(r, 404);
    it_free(r);
    r = post_at("/v1/claims/%s/objections", cb, k.admin.token, "{\"reasons\":\"x\"}");
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/claims/%s/objections", cb, a.token,
                "{\"reasons\":\"the loan was repaid in March\"}");
    it_expect(r, 201);
    char obj_b[37];
    snprintf(obj_b, sizeof obj_b, "%s", it_str(r, "id"));
    it_free(r);
    r = post_at("/v1/claims/%s/objections", wage, k.debtor.token,
                "{\"reasons\":\"he left in 2025\"}");
    it_expect(r, 201);
    char obj_w[37];
    snprintf(obj_w, sizeof obj_w, "%s", it_str(r, "id"));
    it_free(r);
    r = claim_get(cb, b.token);
    ck_assert_str_eq(it_str(r, "status"), "disputed");
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "objections")), 1);
    it_free(r);

    /* the review opinion opens the lawsuit period; the lawsuit is the objector's */
    r = post_at("/v1/objections/%s/opinion", obj_b, a.token, "{\"opinion\":\"x\"}");
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/objections/%s/opinion", obj_b, k.admin.token,
                "{\"opinion\":\"the entry stands\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "lawsuit_due"), "2026-06-30");
    it_free(r);
    r = post_at("/v1/objections/%s/opinion", obj_b, k.admin.token, "{\"opinion\":\"again\"}");
    it_expect(r, 409);
    it_free(r);
    r = post_at("/v1/objections/%s/lawsuit", obj_b, b.token, "{\"court_reference\":\"x\"}");
    it_expect(r, 403);
    it_free(r);
    r = post_at("/v1/objections/%s/lawsuit", obj_b, a.token,
                "{\"court_reference\":\"(2026) Yue 0304 Min Chu 88\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "in_litigation");
    it_free(r);
    r = claim_get(cb, court());
    ck_assert_str_eq(it_str(r, "status"), "in_litigation");
    it_free(r);
    r = post_at("/v1/objections/%s/opinion", obj_w, k.admin.token,
                "{\"opinion\":\"wages owed for May\"}");
    it_expect(r, 200);
    it_free(r);

    /* confirmation waits for the objection period */
    r = post_at("/v1/applications/%s/claim-confirmation", k.id, court(), "{\"reference\":\"R-1\"}");
    expect_rule(r, "SZ-CLM-OBJECTION", NULL);
    it_free(r);
    r = post_at("/v1/applications/%s/claim-confirmation", k.id, k.admin.token,
                "{\"reference\":\"R-1\"}");
    it_expect(r, 403);
    it_free(r);
    /* the periods pass */
    char *pass = it_fmt("UPDATE deadlines SET due = '2026-06-14' WHERE case_id = '%s' "
                        "AND rule_id = 'SZ-CLM-OBJECTION'",
                        k.id);
    set_sql(pass);
    free(pass);
    pass = it_fmt("UPDATE claim_objections SET lawsuit_due = '2026-06-14' WHERE id = '%s'", obj_w);
    set_sql(pass);
    free(pass);
    r = post_at("/v1/claims/%s/objections", ca, b.token, "{\"reasons\":\"late\"}");
    expect_rule(r, "SZ-CLM-OBJECTION", NULL);
    it_free(r);
    r = post_at("/v1/applications/%s/claim-confirmation", k.id, court(),
                "{\"reference\":\"(2026) Yue 03 Po Ge No. 1-3\"}");
    it_expect(r, 200);
    json_t *confirmed = json_object_get(r->json, "claims");
    ck_assert_int_eq(json_array_size(confirmed),
                     2); /* a's and the wage claim; b's is in litigation */
    ck_assert_str_eq(jstr(json_array_get(confirmed, 0), "claim_id"), ca);
    ck_assert_str_eq(jstr(json_array_get(confirmed, 0), "confirmed_amount"), "9000.00");
    ck_assert_str_eq(jstr(json_array_get(confirmed, 1), "claim_id"), wage);
    it_free(r);
    r = claim_get(ca, a.token);
    ck_assert_str_eq(it_str(r, "status"), "confirmed");
    ck_assert_str_eq(it_str(r, "confirmed_amount"), "9000.00");
    it_free(r);
    char *act = it_fmt(
        "SELECT count(*) FROM case_acts WHERE case_id = '%s' AND kind = 'claims_confirmed'", k.id);
    ck_assert_int_eq(sql_count(act), 1);
    free(act);

    /* the court's provisional amount for the undetermined claim, so that it can vote */
    r = post_at("/v1/claims/%s/provisional-amount", cb, court(),
                "{\"amount\":\"2500.00\",\"reason\":\"pending the lawsuit\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "provisional_amount"), "2500.00");
    it_free(r);
    r = post_at("/v1/claims/%s/provisional-amount", ca, court(),
                "{\"amount\":\"1.00\",\"reason\":\"x\"}");
    it_expect(r, 409);
    it_free(r);

    /* a creditor's own claims across cases, with the timeline, polled with an ETag */
    r = it_get("/v1/claims", a.token);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_eq(json_array_size(items), 1);
    json_t *timeline = json_object_get(json_array_get(items, 0), "timeline");
    ck_assert_str_eq(jstr(json_array_get(timeline, json_array_size(timeline) - 1), "status"),
                     "confirmed");
    char inm[80];
    snprintf(inm, sizeof inm, "If-None-Match: %s", it_header(r, "ETag"));
    it_free(r);
    const char *h[] = {inm, NULL};
    r = it_call("GET", "/v1/claims", a.token, NULL, h);
    it_expect(r, 304);
    it_free(r);
    r = it_get("/v1/claims", k.debtor.token);
    it_expect(r, 403);
    it_free(r);

    char *audit = it_fmt("SELECT count(*) FROM audit_log WHERE case_id = '%s' AND action IN "
                         "('claim_table.submit', 'claim.object', 'claim.opinion', 'claim.lawsuit', "
                         "'claims.confirm', 'claim.provisional_amount')",
                         k.id);
    ck_assert_int_eq(sql_count(audit), 2 + 2 + 2 + 1 + 1 + 1);
    free(audit);
    free(tables);
    free(bad);
    free(good);
    free(csv);
}
END_TEST

START_TEST(claim_table_not_atomic_and_bounds)
{
    struct kase k;
    case_at_claim_period(&k, false);
    struct it_party a;
    it_party(&a, "creditor", "claims-na");
    char ca[37], cb[37];
    declared(&k, a.token, "100.00", ca);
    declared(&k, a.token, "200.00", cb);
    char *body =
        it_fmt("{\"rows\":[{\"claim_id\":\"%s\",\"admitted_amount\":\"100.00\","
               "\"admitted_class\":\"ordinary\"},{\"claim_id\":\"%s\",\"admitted_amount\":"
               "\"300.00\",\"admitted_class\":\"ordinary\"},{\"claim_id\":\"%s\","
               "\"admitted_amount\":\"1.00\",\"admitted_class\":\"ordinary\",\"reasons\":\"x\"}]}",
               ca, cb, k.id);
    struct it_resp *r = submit(&k, k.admin.token, "?atomic=false", body, NULL);
    it_expect(r, 201);
    ck_assert(json_is_true(json_object_get(r->json, "written")));
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "refused_rows")), 2);
    ck_assert_str_eq(row_error_field(r, 2), "claim_id"); /* not a claim of this case */
    it_free(r);
    free(body);
    char *q =
        it_fmt("SELECT count(*) FROM claim_table_rows r JOIN claim_tables t ON t.id = r.table_id "
               "WHERE t.case_id = '%s'",
               k.id);
    ck_assert_int_eq(sql_count(q), 1);
    free(q);
    /* more than 10,000 rows */
    size_t n = 10001, cap = n * 3 + 32, len = 0;
    char *big = malloc(cap);
    len += (size_t)snprintf(big, cap, "{\"rows\":[");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(big + len, cap - len, "%s{}", i ? "," : "");
    snprintf(big + len, cap - len, "]}");
    r = submit(&k, k.admin.token, NULL, big, NULL);
    expect_field(r, 400, "rows", "10000");
    it_free(r);
    free(big);
    /* a debtor's claims list is refused; the case's list is paged with Link */
    char path[200], next[256];
    snprintf(path, sizeof path, "/v1/applications/%s/claims?limit=1", k.id);
    r = it_get(path, k.admin.token);
    it_expect(r, 200);
    it_link_next(r, next, sizeof next);
    ck_assert_msg(strstr(next, "cursor=") != NULL, "no Link next: %s", next);
    it_free(r);
    r = it_get(next, k.admin.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/claims", k.id);
    r = it_get(path, k.admin.token);
    it_link_next(r, next, sizeof next);
    ck_assert_str_eq(next, "");
    it_free(r);
    r = it_get(path, k.debtor.token); /* the debtor sees the table, not the claims */
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);
}
END_TEST

struct table_call {
    const struct kase *k;
    const char *token, *body;
    struct it_resp *resp;
    int done;
};

static void *table_thread(void *arg)
{
    struct table_call *t = arg;
    t->resp = submit(t->k, t->token, NULL, t->body, NULL);
    __atomic_store_n(&t->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void pg_ok(PGconn *c, const char *sql)
{
    PGresult *res = PQexec(c, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage(c));
    PQclear(res);
}

/* Whether a session waits for a lock on claim_tables (asked in the session holding it). */
static bool submission_waiting(PGconn *c)
{
    PGresult *res = PQexec(c, "SELECT count(*) FROM pg_locks WHERE NOT granted "
                              "AND relation = 'claim_tables'::regclass");
    bool waiting = PQresultStatus(res) == PGRES_TUPLES_OK && atoi(PQgetvalue(res, 0, 0)) > 0;
    PQclear(res);
    return waiting;
}

/* Two submissions of the case's claim table in flight at once: one is written, the other
 * is 409 at once (it does not wait behind the first) and writes nothing; sent again after
 * the first is done, it is the next version. To hold the first inside its transaction,
 * another session keeps claim_tables locked against writes (SHARE): the first submission
 * takes the case's table lock and waits at its first write. The second is sent once the
 * first waits (from then on the server thread of the first is busy with it, so the second
 * is another thread's, as two clients' requests are). */
START_TEST(claim_table_submitted_twice_at_once)
{
    struct kase k;
    case_at_claim_period(&k, false);
    struct it_party a;
    it_party(&a, "creditor", "claims-race");
    char ca[37];
    declared(&k, a.token, "100.00", ca);
    char *body = it_fmt("{\"rows\":[{\"claim_id\":\"%s\",\"admitted_amount\":\"100.00\","
                        "\"admitted_class\":\"ordinary\"}]}",
                        ca);
    PGconn *hold = PQconnectdb(it_db_conninfo());
    ck_assert_msg(PQstatus(hold) == CONNECTION_OK, "%s", PQerrorMessage(hold));
    pg_ok(hold, "BEGIN");
    pg_ok(hold, "LOCK TABLE claim_tables IN SHARE MODE");
    struct table_call calls[2];
    pthread_t threads[2];
    calls[0] = (struct table_call){&k, k.admin.token, body, NULL, 0};
    calls[1] = calls[0];
    ck_assert_int_eq(pthread_create(&threads[0], NULL, table_thread, &calls[0]), 0);
    for (int i = 0; i < 400 && !submission_waiting(hold); i++)
        usleep(10000);
    bool first_waits = submission_waiting(hold);
    ck_assert_int_eq(pthread_create(&threads[1], NULL, table_thread, &calls[1]), 0);
    for (int i = 0; i < 400 && !__atomic_load_n(&calls[1].done, __ATOMIC_SEQ_CST); i++)
        usleep(10000);
    bool first_still_waits = !__atomic_load_n(&calls[0].done, __ATOMIC_SEQ_CST);
    pg_ok(hold, "COMMIT");
    PQfinish(hold);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    ck_assert_msg(first_waits, "the first submission never reached its write");
    ck_assert_msg(first_still_waits, "the first submission answered while the table was locked");
    struct it_resp *written = calls[0].resp, *refused = calls[1].resp;
    it_expect(refused, 409);
    ck_assert_str_eq(it_str(refused, "type"), "/problems/conflict");
    ck_assert_ptr_nonnull(strstr(it_str(refused, "detail"), "being written"));
    it_expect(written, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(written->json, "version")), 1);
    char *q = it_fmt("SELECT count(*) FROM claim_tables WHERE case_id = '%s'", k.id);
    ck_assert_int_eq(sql_count(q), 1);
    /* the retry the 409 asks for, now that the first is done */
    struct it_resp *again = submit(&k, k.admin.token, NULL, body, NULL);
    it_expect(again, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(again->json, "version")), 2);
    ck_assert_str_eq(jstr(json_array_get(json_object_get(again->json, "rows"), 0), "change"),
                     "unchanged");
    ck_assert_int_eq(sql_count(q), 2);
    it_free(again);
    it_free(refused);
    it_free(written);
    free(q);
    free(body);
}
END_TEST

/* What GET /metrics says of the round trips to PostgreSQL so far. */
static double round_trips(void)
{
    return it_metric_now(CLAIMS_METRICS_TOKEN, "bankruptcyd_db_round_trips_total");
}

static struct it_resp *claims_polled(const char *token, const char *etag)
{
    char inm[80];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *h[] = {inm, NULL};
    return it_call("GET", "/v1/claims", token, NULL, h);
}

START_TEST(a_creditors_unchanged_claims_are_answered_from_memory)
{
    struct kase k;
    case_at_claim_period(&k, false);
    struct it_party cred;
    it_party(&cred, "creditor", "claims-poller");
    char id[37], etag[64];
    declared(&k, cred.token, "800.00", id);
    struct it_resp *r = it_get("/v1/claims", cred.token);
    it_expect(r, 200);
    snprintf(etag, sizeof etag, "%s", it_header(r, "ETag"));
    it_free(r);

    /* the poll that holds the current ETag is 304 without a statement: twenty polls move
     * the round trips by what /metrics itself costs (and what a background thread may do
     * meanwhile), not by one or more each, as a poll read from PostgreSQL does */
    double t0 = round_trips(), t1 = round_trips();
    for (int i = 0; i < 20; i++) {
        r = claims_polled(cred.token, etag);
        it_expect(r, 304);
        ck_assert_str_eq(it_header(r, "ETag"), etag);
        it_free(r);
    }
    double t2 = round_trips();
    ck_assert_msg(t2 - t1 - (t1 - t0) < 10, "twenty 304 polls made %.0f round trips",
                  t2 - t1 - (t1 - t0));

    /* the creditor's own write, on this instance: the next poll has it at once */
    char second[37];
    declared(&k, cred.token, "90.00", second);
    r = claims_polled(cred.token, etag);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 2);
    ck_assert_str_ne(it_header(r, "ETag"), etag);
    snprintf(etag, sizeof etag, "%s", it_header(r, "ETag"));
    it_free(r);
    r = claims_polled(cred.token, etag);
    it_expect(r, 304);
    it_free(r);

    /* a change committed elsewhere (another instance, here SQL): heard by its notification;
     * a 200 comes within moments and no 304 follows it for the old ETag */
    char *sql = it_fmt("UPDATE claims SET creditor_name = 'Poller Bank Ltd' WHERE id = '%s'", id);
    set_sql(sql);
    free(sql);
    int polls = 0;
    for (;; polls++) {
        r = claims_polled(cred.token, etag);
        long status = r->status;
        it_free(r);
        if (status == 200)
            break;
        ck_assert_int_eq(status, 304);
        ck_assert_msg(polls < 200, "the change was not heard in 2 s");
        usleep(10000);
    }
    for (int i = 0; i < 3; i++) {
        r = claims_polled(cred.token, etag);
        it_expect(r, 200);
        it_free(r);
    }
}
END_TEST

static Suite *claims_suite(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("claims");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, declaration_in_the_period_with_versions);
    tcase_add_test(tc, declaration_replayed_with_idempotency_key);
    tcase_add_test(tc, declarations_after_the_period);
    tcase_add_test(tc, declaration_the_debtor_left_off_its_inventory);
    tcase_add_test(tc, listed_wage_claims);
    tcase_add_test(tc, listed_claims_published);
    tcase_add_test(tc, a_claim_makes_the_case_and_its_deadlines_listed);
    tcase_add_test(tc, claim_table_to_confirmation);
    tcase_add_test(tc, claim_table_not_atomic_and_bounds);
    tcase_add_test(tc, claim_table_submitted_twice_at_once);
    tcase_add_test(tc, a_creditors_unchanged_claims_are_answered_from_memory);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, "METRICS_TOKEN=" CLAIMS_METRICS_TOKEN, NULL};
IT_MAIN("claims", claims_suite, env)
