/* test_debtors.c: the debtors resource over real HTTP against the real server and a real
 * PostgreSQL: a debtor registering itself (only the identity its token vouches for), the
 * court creating a debtor with every field, masking of identity numbers for roles that may
 * not see them whole, what a petitioning creditor sees before and after the court accepts
 * and after a withdrawal or a rejection, visibility (404 for
 * what a caller may not see), the roles refused, validation (and that a refused create
 * writes nothing), PATCH semantics, listing with a filter and with paging, and the audit
 * rows a change leaves (with the client's X-Request-Id). */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define BODY_MAX 4096

/* ---- helpers ---- */

static bool is_uuid(const char *s)
{
    if (s == NULL || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        char c = s[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

/* A token for a fresh subject of the role, so tests do not see each other's records. */
static char *fresh_token(const char *role)
{
    char sub[64];
    snprintf(sub, sizeof sub, "it-%s-%u", role, it_unique());
    return it_token(role, sub);
}

static void new_idnumber(char out[19])
{
    it_idnumber(it_unique(), out);
}

/* What a role that may not see an identity number whole is shown: region and last four. */
static void masked(const char *id_number, char out[19])
{
    snprintf(out, 19, "%.6s********%s", id_number, id_number + 14);
}

static const char *debtor_path(char buf[96], const char *id)
{
    snprintf(buf, 96, "/v1/debtors/%s", id);
    return buf;
}

/* POST /v1/debtors with a name, the identity number and extra members ("k":v,... or NULL). */
static struct it_resp *post_debtor(const char *token, const char *id_number, const char *extra_json)
{
    char body[BODY_MAX];
    bool extra = extra_json != NULL && *extra_json != '\0';
    snprintf(body, sizeof body, "{\"name\":\"Debtor %u\",\"id_number\":\"%s\"%s%s}", it_unique(),
             id_number, extra ? "," : "", extra ? extra_json : "");
    return it_post("/v1/debtors", token, body);
}

/* A debtor's token vouching for a fresh identity number (written to id_number_out). */
static char *vouched_token(char id_number_out[19])
{
    char sub[64];
    it_idnumber(it_unique(), id_number_out);
    snprintf(sub, sizeof sub, "it-debtor-%u", it_unique());
    return it_token_vouched("debtor", sub, id_number_out);
}

/* A creditor's petition against the person (name, id_number); returns the debtor's id the
 * petition names (malloc'd) and the application's id in app_out. */
static char *petition_against(const char *creditor, const char *name, const char *id_number,
                              char app_out[37])
{
    char body[BODY_MAX];
    snprintf(body, sizeof body,
             "{\"debtor\":{\"name\":\"%s\",\"id_number\":\"%s\"},\"procedure\":"
             "\"liquidation\",\"claims\":[{\"amount\":\"600000.00\",\"due_date\":\"2025-01-01\"}],"
             "\"materials\":%s}",
             name, id_number, IT_CREDITOR_MATERIALS);
    struct it_resp *r = it_post("/v1/applications", creditor, body);
    it_expect(r, 201);
    snprintf(app_out, 37, "%s", it_str(r, "id"));
    char *debtor_id = strdup(it_str(r, "debtor_id"));
    it_free(r);
    return debtor_id;
}

/* Creates a debtor by the court and has the creditor petition against it; returns its id. */
static char *petitioned_debtor(const char *creditor, const char *extra_json, char id_number_out[19],
                               char app_out[37]);

/* Registers the identity number id_number; returns the record's id. */
static char *register_number(const char *token, const char *extra_json, const char *id_number)
{
    struct it_resp *r = post_debtor(token, id_number, extra_json);
    it_expect(r, 201);
    const char *id = it_str(r, "id");
    ck_assert_msg(is_uuid(id), "id is not a uuid: %s", r->body);
    char *copy = strdup(id);
    it_free(r);
    return copy;
}

/* Creates a debtor with a fresh identity number (written to id_number_out); returns its id. */
static char *create_debtor(const char *token, const char *extra_json, char id_number_out[19])
{
    new_idnumber(id_number_out);
    return register_number(token, extra_json, id_number_out);
}

static char *petitioned_debtor(const char *creditor, const char *extra_json, char id_number_out[19],
                               char app_out[37])
{
    char *court = fresh_token("court");
    char *id = create_debtor(court, extra_json, id_number_out);
    free(court);
    char *named = petition_against(creditor, "Petitioned", id_number_out, app_out);
    ck_assert_str_eq(named, id); /* linked by the number, not made again */
    free(named);
    return id;
}

/* A problem+json reply with this status (and type, unless NULL). */
static void expect_problem(struct it_resp *r, int status, const char *type)
{
    it_expect(r, status);
    const char *ct = it_header(r, "Content-Type");
    ck_assert_msg(ct != NULL && strncmp(ct, "application/problem+json", 24) == 0,
                  "Content-Type %s for %s", ct ? ct : "(none)", r->body);
    ck_assert_msg(json_is_object(r->json), "not a JSON object: %s", r->body);
    ck_assert_msg(json_integer_value(json_object_get(r->json, "status")) == status,
                  "status member: %s", r->body);
    const char *title = it_str(r, "title");
    ck_assert_msg(title != NULL && *title != '\0', "no title: %s", r->body);
    if (type != NULL)
        ck_assert_pstr_eq(it_str(r, "type"), type);
}

static bool names_field(struct it_resp *r, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r->json, "errors"), i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        if (f != NULL && strcmp(f, field) == 0)
            return true;
    }
    return false;
}

/* A 400 validation problem whose errors[] names the field. */
static void expect_field_error(struct it_resp *r, const char *field)
{
    expect_problem(r, 400, "/problems/validation");
    ck_assert_msg(names_field(r, field), "errors[] does not name %s: %s", field, r->body);
}

/* The first value of a query's first row as a number. */
static long sql_long(const char *sql)
{
    bool ok;
    char *v = it_sql(sql, &ok);
    ck_assert_msg(ok && v != NULL, "query failed: %s", sql);
    long n = atol(v);
    free(v);
    return n;
}

static long debtor_rows(const char *id_number)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM debtors WHERE id_number = '%s'", id_number);
    return sql_long(sql);
}

/* A POST with a JSON body but the Content-Type given here (NULL: no Content-Type at all);
 * the harness always sends application/json with a body, so this one uses libcurl itself. */
static long post_with_content_type(const char *token, const char *content_type, const char *body)
{
    char url[256], auth[4200], ct[128];
    snprintf(url, sizeof url, "%s/v1/debtors", it_base_url());
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    if (content_type != NULL)
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
    else
        snprintf(ct, sizeof ct, "Content-Type:"); /* removes curl's default */
    struct curl_slist *h = curl_slist_append(NULL, auth);
    h = curl_slist_append(h, ct);
    FILE *sink = fopen("/dev/null", "w");
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    fclose(sink);
    return status;
}

/* ---- 1. a debtor registers itself ---- */

START_TEST(debtor_registers_itself_once)
{
    char idn[19], idn2[19], path[96], body[128], sub[64];
    new_idnumber(idn);
    snprintf(sub, sizeof sub, "it-debtor-%u", it_unique());
    char *debtor = it_token_vouched("debtor", sub, idn);
    snprintf(body, sizeof body, "{\"name\":\"Zhang San\",\"id_number\":\"%s\"}", idn);
    struct it_resp *r = it_post("/v1/debtors", debtor, body);
    it_expect(r, 201);
    ck_assert_msg(is_uuid(it_str(r, "id")), "id: %s", r->body);
    ck_assert_pstr_eq(it_str(r, "name"), "Zhang San");
    ck_assert_pstr_eq(it_str(r, "id_number"), idn); /* a debtor sees its own number whole */
    ck_assert(json_is_true(json_object_get(r->json, "has_login")));
    ck_assert(json_is_array(json_object_get(r->json, "dependants")));
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "dependants")), 0);
    ck_assert(json_is_false(json_object_get(r->json, "individual_business")));
    char *id = strdup(it_str(r, "id"));
    it_free(r);

    /* it can read itself back */
    r = it_get(debtor_path(path, id), debtor);
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "id"), id);
    ck_assert_pstr_eq(it_str(r, "id_number"), idn);
    it_free(r);

    /* a second registration by the same login, even with another number it is vouched for,
     * is a conflict, and the conflict names no record */
    r = post_debtor(debtor, idn, NULL);
    expect_problem(r, 409, "/problems/conflict");
    ck_assert_ptr_null(json_object_get(r->json, "existing_id"));
    it_free(r);
    new_idnumber(idn2);
    char *again = it_token_vouched("debtor", sub, idn2);
    r = post_debtor(again, idn2, NULL);
    expect_problem(r, 409, "/problems/conflict");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn2), 0);
    ck_assert_int_eq(debtor_rows(idn), 1);
    free(again);
    free(id);
    free(debtor);
}
END_TEST

/* A debtor registers only the identity its token vouches for: without the claim, the court
 * or the department registers it; with another number than the claim's, it is refused. */
START_TEST(debtor_registers_only_the_identity_its_token_vouches_for)
{
    char idn[19], other[19];
    char *unvouched = fresh_token("debtor");
    new_idnumber(idn);
    struct it_resp *r = post_debtor(unvouched, idn, NULL);
    expect_problem(r, 403, "/problems/forbidden");
    ck_assert_msg(names_field(r, "id_number"), "no id_number error: %s", r->body);
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "court or the department"));
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);

    char *vouched = vouched_token(other); /* vouches for other, asks for idn */
    r = post_debtor(vouched, idn, NULL);
    expect_problem(r, 403, "/problems/forbidden");
    ck_assert_msg(names_field(r, "id_number"), "no id_number error: %s", r->body);
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "vouches for"));
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);
    ck_assert_int_eq(debtor_rows(other), 0);

    r = post_debtor(vouched, other, NULL); /* its own number: registered, with its login */
    it_expect(r, 201);
    ck_assert_pstr_eq(it_str(r, "id_number"), other);
    ck_assert(json_is_true(json_object_get(r->json, "has_login")));
    it_free(r);
    ck_assert_int_eq(debtor_rows(other), 1);

    /* the real person whose number the court registered is told only that it is registered */
    char *court = fresh_token("court");
    char known[19];
    char *id = create_debtor(court, NULL, known);
    char sub[64];
    snprintf(sub, sizeof sub, "it-debtor-%u", it_unique());
    char *person = it_token_vouched("debtor", sub, known);
    r = post_debtor(person, known, NULL);
    expect_problem(r, 409, "/problems/conflict");
    ck_assert_ptr_null(json_object_get(r->json, "existing_id"));
    it_free(r);
    free(person);
    free(id);
    free(court);
    free(vouched);
    free(unvouched);
}
END_TEST

/* ---- 2. the court creates a debtor with every field ---- */

START_TEST(court_creates_debtor_with_all_fields)
{
    char *court = fresh_token("court");
    char idn[19], spouse_idn[19], path[96], body[BODY_MAX];
    new_idnumber(idn);
    new_idnumber(spouse_idn);
    snprintf(
        body, sizeof body,
        "{\"name\":\"李伟\",\"id_number\":\"%s\",\"phone\":\"+86 138 0013 8000\","
        "\"email\":\"li.wei@example.cn\",\"address\":\"深圳市福田区深南大道 1 号\","
        "\"sez_resident\":true,\"social_insurance_years\":7,\"individual_business\":true,"
        "\"spouse\":{\"name\":\"王芳\",\"id_number\":\"%s\"},"
        "\"dependants\":[{\"name\":\"李小\",\"relation\":\"child\",\"birth_date\":\"2012-05-01\"},"
        "{\"name\":\"李老\",\"relation\":\"parent\",\"birth_date\":\"1950-11-30\"}]}",
        idn, spouse_idn);
    json_t *sent = json_loads(body, 0, NULL);
    ck_assert_ptr_nonnull(sent);

    struct it_resp *r = it_post("/v1/debtors", court, body);
    it_expect(r, 201);
    char *id = strdup(it_str(r, "id"));
    ck_assert(is_uuid(id));
    ck_assert(json_is_false(json_object_get(r->json, "has_login")));
    it_free(r);

    /* the court reads back exactly what it sent, the identity numbers whole */
    r = it_get(debtor_path(path, id), court);
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "id"), id);
    const char *key;
    json_t *want;
    json_object_foreach(sent, key, want)
    {
        json_t *got = json_object_get(r->json, key);
        ck_assert_msg(got != NULL && json_equal(got, want), "%s differs: sent %s, got %s", key,
                      body, r->body);
    }
    ck_assert_pstr_eq(it_str(r, "id_number"), idn);
    ck_assert_pstr_eq(
        json_string_value(json_object_get(json_object_get(r->json, "spouse"), "id_number")),
        spouse_idn);
    ck_assert(json_is_false(json_object_get(r->json, "has_login")));
    ck_assert_ptr_nonnull(it_str(r, "created_at"));
    ck_assert_ptr_nonnull(it_str(r, "updated_at"));
    it_free(r);
    json_decref(sent);
    free(id);
    free(court);
}
END_TEST

/* ---- 3. masking of identity numbers ---- */

static struct it_resp *decide(const char *app, const char *body)
{
    char *court = fresh_token("court");
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/decision", app);
    struct it_resp *r = it_post(path, court, body);
    free(court);
    return r;
}

/* What the creditor's view may never hold: the spouse, the dependants, any number whole. */
static void expect_creditor_view(struct it_resp *r, const char *name, const char *idn,
                                 bool contacts)
{
    char want[19];
    masked(idn, want);
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "view"), "creditor");
    if (name != NULL)
        ck_assert_pstr_eq(it_str(r, "name"), name);
    ck_assert_ptr_nonnull(it_str(r, "name"));
    ck_assert_pstr_eq(it_str(r, "id_number"), want);
    static const char *const never[] = {"spouse",
                                        "dependants",
                                        "phone",
                                        "email",
                                        "address",
                                        "sez_resident",
                                        "social_insurance_years",
                                        NULL};
    for (const char *const *k = never; *k; k++)
        ck_assert_msg(json_object_get(r->json, *k) == NULL, "%s goes to a creditor: %s", *k,
                      r->body);
    ck_assert_msg(strstr(r->body, idn) == NULL, "the whole number leaks: %s", r->body);
    json_t *c = json_object_get(r->json, "contacts");
    ck_assert_msg(contacts ? json_is_object(c) : json_is_null(c), "contacts: %s", r->body);
}

/* A petitioning creditor sees the name and the masked number; the contacts once the court
 * has accepted the case; the spouse and the dependants never. */
START_TEST(creditor_sees_what_the_law_gives_it)
{
    char *creditor = fresh_token("creditor");
    char *court = fresh_token("court");
    char *department = fresh_token("department");
    char idn[19], spouse_idn[19], kid[19], path[96], list[128], extra[512], app[37];
    new_idnumber(spouse_idn);
    new_idnumber(kid);
    snprintf(extra, sizeof extra,
             "\"phone\":\"13800000001\",\"email\":\"p@example.cn\",\"address\":\"Road 9\","
             "\"spouse\":{\"name\":\"Spouse\",\"id_number\":\"%s\"},"
             "\"dependants\":[{\"name\":\"Kid\",\"relation\":\"child\",\"id_number\":\"%s\"}]",
             spouse_idn, kid);
    char *id = create_debtor(court, extra, idn);
    struct it_resp *r = it_get(debtor_path(path, id), court);
    char *name = strdup(it_str(r, "name"));
    it_free(r);

    /* before a petition: nothing */
    r = it_get(path, creditor);
    expect_problem(r, 404, "/problems/not-found");
    it_free(r);

    char *named = petition_against(creditor, name, idn, app);
    ck_assert_str_eq(named, id);
    free(named);
    r = it_get(path, creditor); /* filed, not accepted: name and masked number only */
    expect_creditor_view(r, name, idn, false);
    ck_assert_msg(strstr(r->body, spouse_idn) == NULL && strstr(r->body, kid) == NULL &&
                      strstr(r->body, "13800000001") == NULL,
                  "leaks to the creditor: %s", r->body);
    it_free(r);
    snprintf(list, sizeof list, "/v1/debtors?id_number=%s", idn);
    r = it_get(list, creditor); /* the list shows the same */
    it_expect(r, 200);
    json_t *item = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert_pstr_eq(json_string_value(json_object_get(item, "view")), "creditor");
    ck_assert_ptr_null(json_object_get(item, "spouse"));
    ck_assert(json_is_null(json_object_get(item, "contacts")));
    it_free(r);

    for (int i = 0; i < 2; i++) { /* the court and the department see both numbers whole */
        r = it_get(path, i == 0 ? court : department);
        it_expect(r, 200);
        ck_assert_pstr_eq(it_str(r, "id_number"), idn);
        json_t *spouse = json_object_get(r->json, "spouse");
        ck_assert_pstr_eq(json_string_value(json_object_get(spouse, "id_number")), spouse_idn);
        ck_assert_ptr_nonnull(strstr(r->body, kid));
        it_free(r);
    }

    r = decide(app, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    it_free(r);
    r = it_get(path, creditor); /* accepted: the contacts, still no spouse or dependants */
    expect_creditor_view(r, name, idn, true);
    json_t *contacts = json_object_get(r->json, "contacts");
    ck_assert_pstr_eq(json_string_value(json_object_get(contacts, "phone")), "13800000001");
    ck_assert_pstr_eq(json_string_value(json_object_get(contacts, "email")), "p@example.cn");
    ck_assert_pstr_eq(json_string_value(json_object_get(contacts, "address")), "Road 9");
    ck_assert_msg(strstr(r->body, spouse_idn) == NULL && strstr(r->body, kid) == NULL &&
                      strstr(r->body, "Spouse") == NULL && strstr(r->body, "Kid") == NULL,
                  "the family goes to the creditor: %s", r->body);
    it_free(r);

    /* another creditor, who has not petitioned, sees nothing */
    char *other = fresh_token("creditor");
    r = it_get(path, other);
    expect_problem(r, 404, "/problems/not-found");
    it_free(r);

    /* the case rejected on a ground found later: the access ends */
    r = decide(app, "{\"outcome\":\"reject\",\"grounds\":[\"false_statements\"]}");
    it_expect(r, 200);
    it_free(r);
    r = it_get(path, creditor);
    expect_problem(r, 404, "/problems/not-found");
    it_free(r);
    r = it_get(list, creditor);
    it_expect(r, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 1); /* stored whole, once */
    free(other);
    free(name);
    free(id);
    free(department);
    free(court);
    free(creditor);
}
END_TEST

/* A withdrawal or a decision not to accept ends the creditor's access. */
START_TEST(creditor_access_ends_with_withdrawal_or_not_accepted)
{
    char *creditor = fresh_token("creditor");
    char *court = fresh_token("court");
    for (int ending = 0; ending < 2; ending++) {
        char idn[19], path[96], app[37], action[128];
        char *id = petitioned_debtor(creditor, NULL, idn, app);
        struct it_resp *r = it_get(debtor_path(path, id), creditor);
        expect_creditor_view(r, NULL, idn, false);
        it_free(r);
        snprintf(action, sizeof action, "/v1/applications/%s/%s", app,
                 ending == 0 ? "withdrawal" : "decision");
        r = ending == 0 ? it_post(action, creditor, "{}")
                        : it_post(action, court,
                                  "{\"outcome\":\"not_accept\",\"grounds\":"
                                  "[\"improper_purpose\"],\"reason\":\"x\"}");
        it_expect(r, 200);
        ck_assert_pstr_eq(it_str(r, "status"), ending == 0 ? "withdrawn" : "not_accepted");
        it_free(r);
        r = it_get(path, creditor);
        expect_problem(r, 404, "/problems/not-found");
        it_free(r);
        free(id);
    }
    free(court);
    free(creditor);
}
END_TEST

/* ---- 4. visibility: what a caller may not see is not found ---- */

START_TEST(others_records_are_not_found)
{
    char *creditor_a = fresh_token("creditor");
    char *creditor_b = fresh_token("creditor");
    char *debtor = fresh_token("debtor");
    char *court = fresh_token("court");
    char idn[19], path[96], list[128], app[37];
    char *id = petitioned_debtor(creditor_a, NULL, idn, app);
    debtor_path(path, id);

    struct it_resp *r = it_get(path, creditor_a);
    it_expect(r, 200);
    it_free(r);
    const char *outsiders[] = {creditor_b, debtor};
    for (int i = 0; i < 2; i++) {
        r = it_get(path, outsiders[i]);
        expect_problem(r, 404, "/problems/not-found");
        it_free(r);
    }
    /* nor does the list give it away */
    snprintf(list, sizeof list, "/v1/debtors?id_number=%s", idn);
    r = it_get(list, creditor_b);
    it_expect(r, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);

    char missing[96];
    snprintf(missing, sizeof missing, "/v1/debtors/00000000-0000-4000-8000-%012u", it_unique());
    r = it_get(missing, court);
    expect_problem(r, 404, "/problems/not-found");
    it_free(r);
    r = it_get("/v1/debtors/not-a-uuid", court);
    expect_problem(r, 404, "/problems/not-found");
    it_free(r);
    free(id);
    free(court);
    free(debtor);
    free(creditor_b);
    free(creditor_a);
}
END_TEST

/* ---- 5. roles refused ---- */

START_TEST(roles_refused)
{
    char *agency = fresh_token("agency");
    char *administrator = fresh_token("administrator");
    char *creditor = fresh_token("creditor");
    char idn[19], other[19], path[96], sql[128];
    new_idnumber(idn);

    struct it_resp *r = post_debtor(agency, idn, NULL);
    expect_problem(r, 403, "/problems/forbidden");
    it_free(r);
    r = post_debtor(administrator, idn, NULL);
    expect_problem(r, 403, "/problems/forbidden");
    it_free(r);
    r = post_debtor(creditor, idn, NULL); /* a creditor names the person in its petition */
    expect_problem(r, 403, "/problems/forbidden");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);

    char app[37];
    char *id = petitioned_debtor(creditor, NULL, other, app);
    r = it_patch(debtor_path(path, id), creditor, "{\"phone\":\"12345\"}");
    expect_problem(r, 403, "/problems/forbidden");
    it_free(r);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM debtors WHERE id = '%s' AND phone IS NULL", id);
    ck_assert_int_eq(sql_long(sql), 1);

    r = it_get("/v1/debtors", agency);
    expect_problem(r, 403, "/problems/forbidden");
    it_free(r);
    r = it_get("/v1/debtors", NULL);
    expect_problem(r, 401, "/problems/unauthorized");
    it_free(r);
    free(id);
    free(creditor);
    free(administrator);
    free(agency);
}
END_TEST

/* ---- 6. validation; a refused create writes nothing ---- */

START_TEST(malformed_json_is_refused)
{
    char *court = fresh_token("court");
    char idn[19], body[128];
    new_idnumber(idn);
    snprintf(body, sizeof body, "{\"name\":\"Broken\",\"id_number\":\"%s\"", idn);
    struct it_resp *r = it_post("/v1/debtors", court, body);
    expect_problem(r, 400, "/problems/malformed-json");
    it_free(r);
    r = it_post("/v1/debtors", court, "[]");
    expect_field_error(r, "");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);
    free(court);
}
END_TEST

START_TEST(bad_fields_are_named)
{
    char *court = fresh_token("court");
    char idn[19], body[256];
    new_idnumber(idn);

    struct it_resp *r = post_debtor(court, idn, "\"nickname\":\"Lao Li\"");
    expect_field_error(r, "nickname");
    it_free(r);

    snprintf(body, sizeof body, "{\"name\":5,\"id_number\":\"%s\"}", idn);
    r = it_post("/v1/debtors", court, body);
    expect_field_error(r, "name");
    it_free(r);

    snprintf(body, sizeof body, "{\"id_number\":\"%s\"}", idn);
    r = it_post("/v1/debtors", court, body);
    expect_field_error(r, "name");
    it_free(r);

    r = post_debtor(court, idn, "\"social_insurance_years\":81");
    expect_field_error(r, "social_insurance_years");
    it_free(r);
    r = post_debtor(court, idn, "\"social_insurance_years\":-1");
    expect_field_error(r, "social_insurance_years");
    it_free(r);

    r = post_debtor(court, idn, "\"dependants\":[{\"name\":\"Cousin\",\"relation\":\"cousin\"}]");
    expect_field_error(r, "dependants[0].relation");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);

    /* the boundary is accepted */
    r = post_debtor(court, idn, "\"social_insurance_years\":80");
    it_expect(r, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "social_insurance_years")), 80);
    it_free(r);
    free(court);
}
END_TEST

START_TEST(bad_identity_numbers_are_named)
{
    char *court = fresh_token("court");
    char idn[19], wrong[19], extra[128];
    new_idnumber(idn);
    memcpy(wrong, idn, sizeof wrong);
    wrong[17] = idn[17] == 'X' ? '0' : idn[17] == '9' ? 'X' : (char)(idn[17] + 1);

    struct it_resp *r = post_debtor(court, wrong, NULL);
    expect_field_error(r, "id_number");
    it_free(r);
    ck_assert_int_eq(debtor_rows(wrong), 0);

    snprintf(extra, sizeof extra, "\"spouse\":{\"name\":\"Self\",\"id_number\":\"%s\"}", idn);
    r = post_debtor(court, idn, extra);
    expect_field_error(r, "spouse.id_number");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);
    free(court);
}
END_TEST

START_TEST(debtor_may_not_name_a_subject)
{
    char *debtor = fresh_token("debtor");
    char idn[19];
    new_idnumber(idn);
    struct it_resp *r = post_debtor(debtor, idn, "\"subject\":\"someone-else\"");
    expect_field_error(r, "subject");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);
    ck_assert_int_eq(sql_long("SELECT count(*) FROM debtors WHERE subject = 'someone-else'"), 0);
    free(debtor);
}
END_TEST

START_TEST(body_must_be_json)
{
    char *court = fresh_token("court");
    char idn[19], body[128];
    new_idnumber(idn);
    snprintf(body, sizeof body, "{\"name\":\"Plain\",\"id_number\":\"%s\"}", idn);
    ck_assert_int_eq(post_with_content_type(court, "text/plain", body), 415);
    ck_assert_int_eq(post_with_content_type(court, NULL, body), 415);
    ck_assert_int_eq(post_with_content_type(court, "application/jsonp", body), 415);
    ck_assert_int_eq(debtor_rows(idn), 0);
    /* the media type with parameters is fine */
    ck_assert_int_eq(post_with_content_type(court, "application/json; charset=utf-8", body), 201);
    ck_assert_int_eq(debtor_rows(idn), 1);
    free(court);
}
END_TEST

START_TEST(duplicate_identity_number_conflicts)
{
    char *court = fresh_token("court");
    char *creditor = fresh_token("creditor");
    char idn[19];
    char *id = create_debtor(court, NULL, idn);
    /* a creditor may not register, so it is not told whether the person is known */
    struct it_resp *r = post_debtor(creditor, idn, NULL);
    expect_problem(r, 403, "/problems/forbidden");
    ck_assert_ptr_null(json_object_get(r->json, "existing_id"));
    it_free(r);
    /* the court, who sees every record, is told which one it is */
    r = post_debtor(court, idn, NULL);
    expect_problem(r, 409, "/problems/conflict");
    ck_assert_str_eq(it_str(r, "existing_id"), id);
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 1);
    free(id);
    free(creditor);
    free(court);
}
END_TEST

START_TEST(patch_cannot_make_the_spouse_the_debtor)
{
    char *court = fresh_token("court");
    char idn[19], spouse[19], path[96], body[256];
    new_idnumber(spouse);
    char extra[200];
    snprintf(extra, sizeof extra, "\"spouse\":{\"name\":\"S\",\"id_number\":\"%s\"}", spouse);
    char *id = create_debtor(court, extra, idn);
    snprintf(body, sizeof body, "{\"id_number\":\"%s\"}", spouse);
    struct it_resp *r = it_patch(debtor_path(path, id), court, body);
    expect_field_error(r, "spouse.id_number");
    it_free(r);
    snprintf(body, sizeof body, "{\"spouse\":{\"name\":\"S\",\"id_number\":\"%s\"}}", idn);
    r = it_patch(debtor_path(path, id), court, body);
    expect_field_error(r, "spouse.id_number");
    it_free(r);
    r = it_get(debtor_path(path, id), court);
    ck_assert_str_eq(it_str(r, "id_number"), idn);
    it_free(r);
    free(id);
    free(court);
}
END_TEST

START_TEST(debtor_cannot_rewrite_what_eligibility_reads)
{
    char *court = fresh_token("court");
    /* the court records a debtor as not resident in the SEZ and links its login */
    char idn[19], path[96], sub[64], body[160];
    snprintf(sub, sizeof sub, "person-%u", it_unique());
    char *debtor = it_token("debtor", sub);
    snprintf(body, sizeof body, "\"subject\":\"%s\",\"sez_resident\":false", sub);
    char *id = create_debtor(court, body, idn);
    static const char *const fields[] = {"sez_resident", "social_insurance_years", "name",
                                         "individual_business"};
    static const char *const values[] = {"true", "9", "\"Someone Else\"", "true"};
    for (int i = 0; i < 4; i++) {
        char patch[96];
        snprintf(patch, sizeof patch, "{\"%s\":%s}", fields[i], values[i]);
        struct it_resp *r = it_patch(debtor_path(path, id), debtor, patch);
        expect_field_error(r, fields[i]);
        it_free(r);
    }
    struct it_resp *r = it_patch(debtor_path(path, id), court, "{\"sez_resident\":true}");
    it_expect(r, 200);
    it_free(r);
    free(id);
    free(debtor);
    free(court);
}
END_TEST

/* ---- 7. PATCH ---- */

START_TEST(patch_changes_only_what_is_named)
{
    char idn[19], idn2[19], path[96], body[128], unused[19];
    char *debtor = vouched_token(idn);
    char *court = fresh_token("court");
    char *other_debtor = vouched_token(unused);
    char *id = register_number(debtor,
                               "\"phone\":\"13800000000\",\"email\":\"d@example.cn\","
                               "\"address\":\"Old Road 1\",\"sez_resident\":true",
                               idn);
    debtor_path(path, id);

    struct it_resp *r = it_patch(path, debtor, "{\"phone\":\"13911112222\",\"address\":null}");
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "phone"), "13911112222");
    ck_assert(json_is_null(json_object_get(r->json, "address")));
    ck_assert_pstr_eq(it_str(r, "email"), "d@example.cn");
    ck_assert_pstr_eq(it_str(r, "id_number"), idn);
    ck_assert(json_is_true(json_object_get(r->json, "sez_resident")));
    it_free(r);

    r = it_get(path, debtor); /* and it stays so */
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "phone"), "13911112222");
    ck_assert(json_is_null(json_object_get(r->json, "address")));
    ck_assert_pstr_eq(it_str(r, "email"), "d@example.cn");
    it_free(r);

    /* the debtor may not change its own identity number */
    new_idnumber(idn2);
    snprintf(body, sizeof body, "{\"id_number\":\"%s\"}", idn2);
    r = it_patch(path, debtor, body);
    expect_field_error(r, "id_number");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 1);
    ck_assert_int_eq(debtor_rows(idn2), 0);

    /* the court corrects it */
    r = it_patch(path, court, body);
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "id_number"), idn2);
    ck_assert_pstr_eq(it_str(r, "phone"), "13911112222");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn), 0);
    r = it_get(path, debtor);
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "id_number"), idn2);
    it_free(r);

    r = it_patch(path, debtor, "{}");
    expect_problem(r, 400, "/problems/validation");
    it_free(r);

    r = it_patch(path, debtor, "{\"name\":null}");
    expect_field_error(r, "name");
    it_free(r);

    /* another debtor cannot touch it */
    r = it_patch(path, other_debtor, "{\"phone\":\"000\"}");
    expect_problem(r, 404, "/problems/not-found");
    it_free(r);
    r = it_get(path, court);
    it_expect(r, 200);
    ck_assert_pstr_eq(it_str(r, "phone"), "13911112222");
    it_free(r);
    free(id);
    free(other_debtor);
    free(court);
    free(debtor);
}
END_TEST

START_TEST(patch_to_a_taken_identity_number_conflicts)
{
    char *court = fresh_token("court");
    char idn_a[19], idn_b[19], path[96], body[128];
    char *a = create_debtor(court, NULL, idn_a);
    char *b = create_debtor(court, NULL, idn_b);
    snprintf(body, sizeof body, "{\"id_number\":\"%s\"}", idn_a);
    struct it_resp *r = it_patch(debtor_path(path, b), court, body);
    expect_problem(r, 409, "/problems/conflict");
    it_free(r);
    ck_assert_int_eq(debtor_rows(idn_a), 1);
    ck_assert_int_eq(debtor_rows(idn_b), 1);
    free(b);
    free(a);
    free(court);
}
END_TEST

/* ---- 8. list ---- */

START_TEST(list_by_identity_number)
{
    char *court = fresh_token("court");
    char idn[19], other[19], path[128];
    char *id = create_debtor(court, NULL, idn);
    char *id2 = create_debtor(court, NULL, other);
    snprintf(path, sizeof path, "/v1/debtors?id_number=%s", idn);
    struct it_resp *r = it_get(path, court);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_uint_eq(json_array_size(items), 1);
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(items, 0), "id")), id);
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(items, 0), "id_number")),
                      idn);
    ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
    it_free(r);
    free(id2);
    free(id);
    free(court);
}
END_TEST

START_TEST(list_pages_without_repeats)
{
    char *creditor = fresh_token("creditor");
    char idns[3][19], path[128], app[37];
    char *ids[3];
    for (int i = 0; i < 3; i++)
        ids[i] = petitioned_debtor(creditor, NULL, idns[i], app);

    struct it_resp *first = it_get("/v1/debtors?limit=2", creditor);
    it_expect(first, 200);
    json_t *items = json_object_get(first->json, "items");
    ck_assert_uint_eq(json_array_size(items), 2);
    const char *cursor = it_str(first, "next_cursor");
    ck_assert_msg(cursor != NULL && *cursor != '\0', "no next_cursor: %s", first->body);
    snprintf(path, sizeof path, "/v1/debtors?limit=2&cursor=%s", cursor);
    struct it_resp *second = it_get(path, creditor);
    it_expect(second, 200);
    json_t *rest = json_object_get(second->json, "items");
    ck_assert_uint_eq(json_array_size(rest), 1);
    ck_assert(json_is_null(json_object_get(second->json, "next_cursor")));

    /* the two pages together are the three debtors, each once, numbers masked */
    json_t *seen[3] = {json_array_get(items, 0), json_array_get(items, 1), json_array_get(rest, 0)};
    for (int i = 0; i < 3; i++) {
        int found = 0;
        char want[19];
        masked(idns[i], want);
        for (int j = 0; j < 3; j++) {
            if (strcmp(json_string_value(json_object_get(seen[j], "id")), ids[i]) != 0)
                continue;
            found++;
            ck_assert_pstr_eq(json_string_value(json_object_get(seen[j], "id_number")), want);
        }
        ck_assert_msg(found == 1, "debtor %s appears %d times", ids[i], found);
    }
    it_free(second);
    it_free(first);
    for (int i = 0; i < 3; i++)
        free(ids[i]);
    free(creditor);
}
END_TEST

START_TEST(list_parameters_are_checked)
{
    char *court = fresh_token("court");
    static const struct {
        const char *query, *field;
    } bad[] = {
        {"/v1/debtors?limit=0", "limit"},      {"/v1/debtors?limit=abc", "limit"},
        {"/v1/debtors?limit=100000", "limit"}, {"/v1/debtors?cursor=xyz", "cursor"},
        {"/v1/debtors?foo=1", "foo"},          {"/v1/debtors?limit=1&limit=500", "limit"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct it_resp *r = it_get(bad[i].query, court);
        ck_assert_msg(r->status == 400, "%s: %ld %s", bad[i].query, r->status, r->body);
        expect_field_error(r, bad[i].field);
        it_free(r);
    }
    free(court);
}
END_TEST

/* ---- 9. audit ---- */

START_TEST(changes_are_audited_with_the_request_id)
{
    char sub[64];
    snprintf(sub, sizeof sub, "it-court-%u", it_unique());
    char *court = it_token("court", sub);
    char idn[19], path[96], sql[320], request_id[64], header[96];
    char *id = create_debtor(court, NULL, idn);

    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE object_id = '%s' AND action = 'debtor.create' "
             "AND role = 'court' AND subject = '%s' AND object_type = 'debtor'",
             id, sub);
    ck_assert_int_eq(sql_long(sql), 1);

    snprintf(request_id, sizeof request_id, "test-%u", it_unique());
    snprintf(header, sizeof header, "X-Request-Id: %s", request_id);
    const char *extra[] = {header, NULL};
    struct it_resp *r =
        it_call("PATCH", debtor_path(path, id), court, "{\"phone\":\"13700000000\"}", extra);
    it_expect(r, 200);
    ck_assert_pstr_eq(it_header(r, "X-Request-Id"), request_id);
    it_free(r);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE object_id = '%s' AND action = 'debtor.update' "
             "AND role = 'court' AND request_id = '%s'",
             id, request_id);
    ck_assert_int_eq(sql_long(sql), 1);

    /* a refused change leaves no row */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE object_id = '%s' AND action = 'debtor.update'",
             id);
    r = it_patch(path, court, "{\"phone\":1}");
    expect_field_error(r, "phone");
    it_free(r);
    ck_assert_int_eq(sql_long(sql), 1);
    free(id);
    free(court);
}
END_TEST

/* ---- 10. the request pipeline: safe retries, conditional requests, links ---- */

static struct it_resp *post_keyed(const char *token, const char *key, const char *body)
{
    char header[320];
    snprintf(header, sizeof header, "Idempotency-Key: %s", key);
    const char *extra[] = {header, NULL};
    return it_call("POST", "/v1/debtors", token, body, extra);
}

START_TEST(a_retried_create_replays_the_first_answer)
{
    char *court = fresh_token("court");
    char idn[19], key[64], body[256];
    new_idnumber(idn);
    snprintf(key, sizeof key, "create-%u", it_unique());
    snprintf(body, sizeof body, "{\"name\":\"Retried %u\",\"id_number\":\"%s\"}", it_unique(), idn);
    struct it_resp *first = post_keyed(court, key, body);
    it_expect(first, 201);
    ck_assert_ptr_null(it_header(first, "Idempotent-Replayed"));
    struct it_resp *again = post_keyed(court, key, body);
    it_expect(again, 201); /* not the 409 a second create would get */
    ck_assert_pstr_eq(again->body, first->body);
    ck_assert_pstr_eq(it_header(again, "Location"), it_header(first, "Location"));
    ck_assert_pstr_eq(it_header(again, "Idempotent-Replayed"), "true");
    ck_assert_int_eq(debtor_rows(idn), 1);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE object_id = '%s' AND action = 'debtor.create'",
             it_str(first, "id"));
    ck_assert_int_eq(sql_long(sql), 1);

    /* the same key with another request is refused, and writes nothing */
    char other[19], body2[256];
    new_idnumber(other);
    snprintf(body2, sizeof body2, "{\"name\":\"Other\",\"id_number\":\"%s\"}", other);
    struct it_resp *reused = post_keyed(court, key, body2);
    expect_problem(reused, 422, "/problems/idempotency-key-reused");
    ck_assert_int_eq(debtor_rows(other), 0);

    /* a key is the sender's own: another principal's same key is a new request */
    char *court2 = fresh_token("court");
    struct it_resp *theirs = post_keyed(court2, key, body2);
    it_expect(theirs, 201);
    ck_assert_int_eq(debtor_rows(other), 1);
    it_free(theirs);
    it_free(reused);
    it_free(again);
    it_free(first);
    free(court2);
    free(court);
}
END_TEST

struct keyed_call {
    const char *token, *key, *body;
    struct it_resp *resp;
};

static void *keyed_thread(void *arg)
{
    struct keyed_call *k = arg;
    k->resp = post_keyed(k->token, k->key, k->body);
    return NULL;
}

/* Four sends of one request at the same moment (a client that timed out and retried while
 * the first was still running): one record; each answer is the first one's, replayed, or
 * 409 while the first is still being decided (no retry waits behind it); and a retry after
 * that gets the first answer. */
START_TEST(simultaneous_retries_write_once)
{
    char *court = fresh_token("court");
    char idn[19], key[64], body[256];
    new_idnumber(idn);
    snprintf(key, sizeof key, "race-%u", it_unique());
    snprintf(body, sizeof body, "{\"name\":\"Raced %u\",\"id_number\":\"%s\"}", it_unique(), idn);
    struct keyed_call calls[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        calls[i] = (struct keyed_call){court, key, body, NULL};
        pthread_create(&threads[i], NULL, keyed_thread, &calls[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    const char *first_id = NULL;
    for (int i = 0; i < 4; i++) {
        struct it_resp *r = calls[i].resp;
        ck_assert_msg(r->status == 201 || r->status == 409, "status %ld: %s", r->status, r->body);
        if (r->status == 409)
            ck_assert_pstr_eq(it_str(r, "type"), "/problems/conflict");
        if (r->status == 201 && first_id == NULL)
            first_id = it_str(r, "id");
        else if (r->status == 201)
            ck_assert_pstr_eq(it_str(r, "id"), first_id);
    }
    ck_assert_msg(first_id != NULL, "no send was answered 201");
    ck_assert_int_eq(debtor_rows(idn), 1);
    struct it_resp *later = post_keyed(court, key, body);
    it_expect(later, 201);
    ck_assert_pstr_eq(it_str(later, "id"), first_id);
    ck_assert_pstr_eq(it_header(later, "Idempotent-Replayed"), "true");
    it_free(later);
    for (int i = 0; i < 4; i++)
        it_free(calls[i].resp);
    free(court);
}
END_TEST

START_TEST(a_refused_keyed_request_is_not_kept)
{
    char *court = fresh_token("court");
    char key[64], idn[19], body[256];
    snprintf(key, sizeof key, "bad-%u", it_unique());
    struct it_resp *r = post_keyed(court, key, "{\"name\":\"x\"}");
    expect_field_error(r, "id_number");
    it_free(r);
    /* the key was not used up by a request that changed nothing */
    new_idnumber(idn);
    snprintf(body, sizeof body, "{\"name\":\"Fixed\",\"id_number\":\"%s\"}", idn);
    r = post_keyed(court, key, body);
    it_expect(r, 201);
    it_free(r);
    /* a key that is not plain text is refused */
    char long_key[300] = "Idempotency-Key: ";
    memset(long_key + strlen(long_key), 'k', 270);
    long_key[sizeof long_key - 1] = '\0';
    const char *extra[] = {long_key, NULL};
    r = it_call("POST", "/v1/debtors", court, body, extra);
    expect_problem(r, 400, NULL);
    it_free(r);
    free(court);
}
END_TEST

START_TEST(a_debtor_carries_an_etag_and_answers_304)
{
    char *court = fresh_token("court");
    char idn[19], path[96], inm[160];
    char *id = create_debtor(court, NULL, idn);
    struct it_resp *r = it_get(debtor_path(path, id), court);
    it_expect(r, 200);
    char etag[80];
    snprintf(etag, sizeof etag, "%s", it_header(r, "ETag") ? it_header(r, "ETag") : "");
    ck_assert_msg(etag[0] == '"', "no strong ETag: %s", r->headers);
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *extra[] = {inm, NULL};
    struct it_resp *same = it_call("GET", path, court, NULL, extra);
    it_expect(same, 304);
    ck_assert_str_eq(same->body, "");
    ck_assert_pstr_eq(it_header(same, "ETag"), etag);
    /* a change makes another version: the old tag no longer matches */
    struct it_resp *changed = it_patch(path, court, "{\"phone\":\"13900000000\"}");
    it_expect(changed, 200);
    struct it_resp *after = it_call("GET", path, court, NULL, extra);
    it_expect(after, 200);
    ck_assert_pstr_ne(it_header(after, "ETag"), etag);
    it_free(after);
    it_free(changed);
    it_free(same);
    it_free(r);
    free(id);
    free(court);
}
END_TEST

START_TEST(patch_needs_the_current_version)
{
    it_auto_if_match = false;
    char *court = fresh_token("court");
    char idn[19], path[96], header[160];
    char *id = create_debtor(court, NULL, idn);
    debtor_path(path, id);
    struct it_resp *r = it_patch(path, court, "{\"phone\":\"13900000001\"}");
    expect_problem(r, 428, "/problems/precondition-required");
    it_free(r);
    struct it_resp *read = it_get(path, court);
    snprintf(header, sizeof header, "If-Match: %s", it_header(read, "ETag"));
    const char *extra[] = {header, NULL};
    r = it_call("PATCH", path, court, "{\"phone\":\"13900000002\"}", extra);
    it_expect(r, 200);
    it_free(r);
    /* the version read before that change is stale now: 412, and nothing changes */
    r = it_call("PATCH", path, court, "{\"phone\":\"13900000003\"}", extra);
    expect_problem(r, 412, "/problems/precondition-failed");
    it_free(r);
    struct it_resp *now = it_get(path, court);
    ck_assert_pstr_eq(it_str(now, "phone"), "13900000002");
    /* a missing record is still a 404, If-Match or not */
    r = it_patch("/v1/debtors/11111111-2222-3333-4444-555555555555", court,
                 "{\"phone\":\"13900000004\"}");
    it_expect(r, 404);
    it_free(r);
    it_free(now);
    it_free(read);
    free(id);
    free(court);
}
END_TEST

/* If-Match compares strongly: the gzip form of the current tag names the same version, a
 * weak tag never matches, even inside a list. */
START_TEST(if_match_takes_the_gzip_form_and_refuses_weak_tags)
{
    it_auto_if_match = false;
    char *court = fresh_token("court");
    char idn[19], path[96], tag[120], header[200];
    char *id = create_debtor(court, NULL, idn);
    debtor_path(path, id);
    struct it_resp *read = it_get(path, court);
    snprintf(tag, sizeof tag, "%s", it_header(read, "ETag"));
    it_free(read);
    snprintf(header, sizeof header, "If-Match: \"other\", W/%s", tag);
    const char *weak[] = {header, NULL};
    struct it_resp *r = it_call("PATCH", path, court, "{\"phone\":\"13900000005\"}", weak);
    expect_problem(r, 412, "/problems/precondition-failed");
    it_free(r);
    snprintf(header, sizeof header, "If-Match: %.*s-gz\"", (int)strlen(tag) - 1, tag);
    const char *gz[] = {header, NULL};
    r = it_call("PATCH", path, court, "{\"phone\":\"13900000006\"}", gz);
    it_expect(r, 200);
    it_free(r);
    free(id);
    free(court);
}
END_TEST

START_TEST(a_full_page_links_to_the_next)
{
    char *creditor = fresh_token("creditor");
    char idn[19], app[37];
    for (int i = 0; i < 3; i++)
        free(petitioned_debtor(creditor, NULL, idn, app));
    struct it_resp *first = it_get("/v1/debtors?limit=2", creditor);
    it_expect(first, 200);
    const char *link = it_header(first, "Link");
    char want[160];
    snprintf(want, sizeof want, "</v1/debtors?limit=2&cursor=%s>; rel=\"next\"",
             it_str(first, "next_cursor"));
    ck_assert_pstr_eq(link, want);
    char path[128];
    snprintf(path, sizeof path, "/v1/debtors?limit=2&cursor=%s", it_str(first, "next_cursor"));
    struct it_resp *last = it_get(path, creditor);
    it_expect(last, 200);
    ck_assert_ptr_null(it_header(last, "Link"));
    it_free(last);
    it_free(first);
    free(creditor);
}
END_TEST

START_TEST(query_and_path_bytes_are_refused_not_cut)
{
    char *court = fresh_token("court");
    struct it_resp *r = it_get("/v1/debtors?id_number=%C3%28", court); /* invalid UTF-8 */
    expect_field_error(r, "id_number");
    it_free(r);
    r = it_get("/v1/debtors?%C3%28=1", court);
    expect_problem(r, 400, "/problems/validation");
    it_free(r);
    char idn[19], path[160];
    char *id = create_debtor(court, NULL, idn);
    snprintf(path, sizeof path, "/v1/debtors/%s%%00x", id); /* a NUL does not cut the id */
    r = it_get(path, court);
    it_expect(r, 404);
    it_free(r);
    free(id);
    free(court);
}
END_TEST

static Suite *debtors_suite(void)
{
    Suite *s = suite_create("debtors");
    TCase *tc = tcase_create("debtors");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, debtor_registers_itself_once);
    tcase_add_test(tc, court_creates_debtor_with_all_fields);
    tcase_add_test(tc, creditor_sees_what_the_law_gives_it);
    tcase_add_test(tc, creditor_access_ends_with_withdrawal_or_not_accepted);
    tcase_add_test(tc, debtor_registers_only_the_identity_its_token_vouches_for);
    tcase_add_test(tc, others_records_are_not_found);
    tcase_add_test(tc, roles_refused);
    tcase_add_test(tc, malformed_json_is_refused);
    tcase_add_test(tc, bad_fields_are_named);
    tcase_add_test(tc, bad_identity_numbers_are_named);
    tcase_add_test(tc, debtor_may_not_name_a_subject);
    tcase_add_test(tc, body_must_be_json);
    tcase_add_test(tc, duplicate_identity_number_conflicts);
    tcase_add_test(tc, patch_changes_only_what_is_named);
    tcase_add_test(tc, patch_to_a_taken_identity_number_conflicts);
    tcase_add_test(tc, patch_cannot_make_the_spouse_the_debtor);
    tcase_add_test(tc, debtor_cannot_rewrite_what_eligibility_reads);
    tcase_add_test(tc, list_by_identity_number);
    tcase_add_test(tc, list_pages_without_repeats);
    tcase_add_test(tc, list_parameters_are_checked);
    tcase_add_test(tc, changes_are_audited_with_the_request_id);
    tcase_add_test(tc, a_retried_create_replays_the_first_answer);
    tcase_add_test(tc, a_refused_keyed_request_is_not_kept);
    tcase_add_test(tc, simultaneous_retries_write_once);
    tcase_add_test(tc, a_debtor_carries_an_etag_and_answers_304);
    tcase_add_test(tc, patch_needs_the_current_version);
    tcase_add_test(tc, a_full_page_links_to_the_next);
    tcase_add_test(tc, if_match_takes_the_gzip_form_and_refuses_weak_tags);
    tcase_add_test(tc, query_and_path_bytes_are_refused_not_cut);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("debtors", debtors_suite, NULL)
