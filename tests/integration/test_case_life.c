/* test_case_life.c: the life of a case over HTTP, with the server's "today" fixed at
 * 2026-02-05 (a Thursday, ten days before the 2026 Spring Festival) so every date is known:
 * the legal acts and the deadlines they open and meet (rolled over weekends and holidays),
 * corrections, the deadline dashboard and waivers, the restrictions imposed on acceptance,
 * the court's consents and lifting, the change feed enforcing units poll (ETag, cursors, and
 * its order under concurrent writers), the single-person check and the debtor's view of who
 * checked on it. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define TODAY "2026-02-05"

static const char INCOME[] =
    ",\"expected_income\":{\"monthly_amount\":\"12000.00\",\"source\":\"salary\"}";

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static json_t *items_of(struct it_resp *r)
{
    return json_object_get(r->json, "items");
}

/* The court's token, minted once per test process (before any thread starts). */
static const char *court_token(void)
{
    return it_token_kept("court", "judge-caselife");
}

/* ---- parties and applications ---- */

struct debtor {
    struct it_party p;
    char id[37];
    char id_number[19];
    char name[96];
};

static void register_debtor(struct debtor *d)
{
    it_party(&d->p, "debtor", "person");
    it_idnumber(it_unique(), d->id_number);
    it_party_vouched(&d->p, d->id_number);
    snprintf(d->name, sizeof d->name, "Debtor %s", d->p.sub);
    char *body = it_fmt("{\"name\":\"%s\",\"id_number\":\"%s\",\"sez_resident\":true,"
                        "\"social_insurance_years\":5}",
                        d->name, d->id_number);
    struct it_resp *r = it_post("/v1/debtors", d->p.token, body);
    it_expect(r, 201);
    snprintf(d->id, sizeof d->id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

/* The debtor files for itself with all nine materials; returns the application id. */
static void debtor_files(struct debtor *d, const char *procedure, const char *extra, char app[37])
{
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"%s\",\"materials\":%s%s}", d->id,
                        procedure, IT_DEBTOR_MATERIALS, extra ? extra : "");
    struct it_resp *r = it_post("/v1/applications", d->p.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "received_on"), TODAY);
    snprintf(app, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

static struct it_resp *decide(const char *app_id, const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/decision", app_id);
    return it_post(path, court_token(), body);
}

/* Accepts as the court (ruling today); returns the case number. */
static void accept(const char *app_id, char number[64])
{
    struct it_resp *r = decide(app_id, "{\"outcome\":\"accept\",\"ruling_date\":\"" TODAY "\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "accepted");
    ck_assert_ptr_nonnull(it_str(r, "case_number"));
    if (number)
        snprintf(number, 64, "%s", it_str(r, "case_number"));
    it_free(r);
}

/* A debtor's own liquidation, accepted today: the case id is the application's. */
static void accepted_case(struct debtor *d, char case_id[37])
{
    register_debtor(d);
    debtor_files(d, "liquidation", NULL, case_id);
    accept(case_id, NULL);
}

static void expect_rule(struct it_resp *r, const char *rule, const char *field)
{
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/rule");
    json_t *ref = json_object_get(r->json, "rule");
    ck_assert_msg(jstr(ref, "id") && strcmp(jstr(ref, "id"), rule) == 0, "expected rule %s: %s",
                  rule, r->body);
    ck_assert_ptr_nonnull(jstr(ref, "citation"));
    if (field != NULL) {
        json_t *e = json_array_get(json_object_get(r->json, "errors"), 0);
        ck_assert_str_eq(jstr(e, "field"), field);
    }
}

/* A 400 naming the field. */
static void expect_field(struct it_resp *r, int status, const char *field)
{
    it_expect(r, status);
    char quoted[80];
    snprintf(quoted, sizeof quoted, "\"%s\"", field);
    ck_assert_msg(strstr(r->body, quoted) != NULL, "expected field %s in %s", field, r->body);
}

/* ---- acts and deadlines ---- */

static struct it_resp *record_act(const char *case_id, const char *token, const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/acts", case_id);
    return it_post(path, token, body);
}

/* The deadlines of a case as the court sees them (the response is kept in *keep). */
static json_t *case_deadlines(const char *case_id, struct it_resp **keep)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/deadlines", case_id);
    struct it_resp *r = it_get(path, court_token());
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "today"), TODAY);
    *keep = r;
    return items_of(r);
}

static json_t *find_rule(json_t *items, const char *rule_id)
{
    size_t i;
    json_t *d;
    json_array_foreach(items, i, d) if (jstr(d, "rule_id") &&
                                        strcmp(jstr(d, "rule_id"), rule_id) == 0) return d;
    return NULL;
}

/* Asserts one deadline of a case: its due date (or NULL to skip) and status. */
static json_t *expect_deadline(json_t *items, const char *rule_id, const char *due,
                               const char *status)
{
    json_t *d = find_rule(items, rule_id);
    char *dump = json_dumps(items, JSON_COMPACT);
    ck_assert_msg(d != NULL, "no deadline %s among %s", rule_id, dump);
    free(dump);
    if (due)
        ck_assert_msg(jstr(d, "due") && strcmp(jstr(d, "due"), due) == 0, "%s due %s, expected %s",
                      rule_id, jstr(d, "due"), due);
    ck_assert_msg(strcmp(jstr(d, "status"), status) == 0, "%s is %s, expected %s", rule_id,
                  jstr(d, "status"), status);
    ck_assert_ptr_nonnull(jstr(d, "citation"));
    return d;
}

/* ---- the feed ---- */

static struct it_resp *feed(const char *token, const char *after, int limit)
{
    char path[128];
    if (after)
        snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s&limit=%d", after, limit);
    else
        snprintf(path, sizeof path, "/v1/restrictions/changes?limit=%d", limit);
    return it_get(path, token);
}

/* Reads the whole feed after `after` (pages of 50); returns the changes of case_id (or all
 * when case_id is NULL) and leaves the last cursor in `last`. */
static json_t *feed_all(const char *token, const char *after, const char *case_id, char last[24])
{
    json_t *out = json_array();
    char cursor[24];
    snprintf(cursor, sizeof cursor, "%s", after);
    for (;;) {
        struct it_resp *r = feed(token, cursor, 50);
        it_expect(r, 200);
        json_t *items = items_of(r);
        size_t i;
        json_t *c;
        json_array_foreach(items, i,
                           c) if (case_id == NULL || strcmp(jstr(c, "case_id"), case_id) == 0)
            json_array_append(out, c);
        snprintf(cursor, sizeof cursor, "%s", it_str(r, "next_cursor"));
        size_t n = json_array_size(items);
        it_free(r);
        if (n < 50)
            break;
    }
    snprintf(last, 24, "%s", cursor);
    return out;
}

static const char *etag_of(struct it_resp *r, char out[64])
{
    const char *e = it_header(r, "ETag");
    ck_assert_msg(e != NULL, "no ETag in %s", r->headers);
    snprintf(out, 64, "%s", e);
    return out;
}

/* A conditional poll, repeated for up to 2 s until it is answered 304. The service answers
 * an If-None-Match from a feed head it keeps in memory, fed by NOTIFYs after each commit;
 * that head can lag the database by a little, and while it lags the poll is answered 200
 * with the current (unchanged) page. Only that case is retried: any 200 in between must
 * carry the same ETag and no items. */
static struct it_resp *conditional_until_304(const char *path, const char *token, const char *inm,
                                             const char *etag)
{
    const char *hdr[] = {inm, NULL};
    for (int i = 0;; i++) {
        struct it_resp *r = it_call("GET", path, token, NULL, hdr);
        if (r->status != 200 || i == 200)
            return r;
        ck_assert_int_eq(json_array_size(items_of(r)), 0);
        ck_assert_str_eq(it_header(r, "ETag"), etag);
        it_free(r);
        usleep(10000);
    }
}

static struct it_resp *check_person(const char *token, const char *id_number)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/restrictions/check?id_number=%s", id_number);
    return it_get(path, token);
}

static json_t *find_kind(json_t *items, const char *kind)
{
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x) if (strcmp(jstr(x, "kind"), kind) == 0) return x;
    return NULL;
}

static bool listed(const json_t *list, const char *item)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) if (json_is_string(v) &&
                                       strcmp(json_string_value(v), item) == 0) return true;
    return false;
}

static long sql_long(const char *sql)
{
    bool ok;
    char *v = it_sql(sql, &ok);
    ck_assert_msg(ok && v, "%s failed", sql);
    long n = strtol(v, NULL, 10);
    free(v);
    return n;
}

/* ==== 1. the whole path ==== */

START_TEST(the_whole_path)
{
    const char *court = court_token();
    struct debtor d;
    struct it_party creditor, agency;
    register_debtor(&d);
    it_party(&creditor, "creditor", "bank");
    it_party(&agency, "agency", "border-control");
    char path[192];

    /* a creditor petitions for liquidation */
    char *body = it_fmt("{\"debtor\":{\"name\":\"%s\",\"id_number\":\"%s\"},\"procedure\":"
                        "\"liquidation\",\"claims\":[{\"amount\":\"600000.00\",\"due_date\":"
                        "\"2025-12-31\"}],\"materials\":%s}",
                        d.name, d.id_number, IT_CREDITOR_MATERIALS);
    struct it_resp *r = it_post("/v1/applications", creditor.token, body);
    free(body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "received_on"), TODAY);
    char petition[37];
    snprintf(petition, sizeof petition, "%s", it_str(r, "id"));
    it_free(r);

    /* the debtor asks for reorganization */
    char reorg[37];
    debtor_files(&d, "reorganization", INCOME, reorg);

    /* the petition's deadlines: the decision, 30 days from receipt, 2026-03-07 a Saturday ->
     * Monday 03-09; the notice to the debtor, 5 days -> 02-10 (a Tuesday) */
    struct it_resp *keep;
    json_t *items = case_deadlines(petition, &keep);
    json_t *decide_dl = expect_deadline(items, "SZ-APP-DECIDE", "2026-03-09", "pending");
    json_t *trace = json_object_get(decide_dl, "trace");
    ck_assert_str_eq(jstr(trace, "raw_end"), "2026-03-07");
    ck_assert_str_eq(jstr(json_object_get(decide_dl, "trigger"), "kind"), "filed");
    ck_assert_str_eq(jstr(json_object_get(decide_dl, "trigger"), "date"), TODAY);
    ck_assert_int_eq(json_array_size(json_object_get(trace, "skipped")), 2); /* 03-07, 03-08 */
    ck_assert_str_eq(jstr(json_array_get(json_object_get(trace, "skipped"), 0), "reason"),
                     "weekend");
    expect_deadline(items, "SZ-APP-NOTIFY-DEBTOR", "2026-02-10", "pending");
    ck_assert_ptr_null(find_rule(items, "SZ-APP-DEBTOR-OBJECTION"));
    it_free(keep);
    /* the debtor's own application has no notice to the debtor */
    items = case_deadlines(reorg, &keep);
    expect_deadline(items, "SZ-APP-DECIDE", "2026-03-09", "pending");
    ck_assert_ptr_null(find_rule(items, "SZ-APP-NOTIFY-DEBTOR"));
    it_free(keep);

    /* the court notifies the debtor of the petition: meets the notice, opens the objection
     * period (7 days -> 02-12, a Thursday) */
    r = record_act(petition, court, "{\"kind\":\"debtor_notified\",\"date\":\"" TODAY "\"}");
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "kind"), "debtor_notified");
    ck_assert_str_eq(it_str(r, "date"), TODAY);
    char notified_act[37];
    snprintf(notified_act, sizeof notified_act, "%s", it_str(r, "id"));
    it_free(r);
    items = case_deadlines(petition, &keep);
    json_t *notify = expect_deadline(items, "SZ-APP-NOTIFY-DEBTOR", "2026-02-10", "met");
    ck_assert_str_eq(jstr(notify, "met_on"), TODAY);
    ck_assert_str_eq(jstr(notify, "met_by_act_id"), notified_act);
    ck_assert(json_is_false(json_object_get(notify, "met_late")));
    json_t *objection = expect_deadline(items, "SZ-APP-DEBTOR-OBJECTION", "2026-02-12", "pending");
    ck_assert_str_eq(jstr(json_object_get(objection, "trigger"), "act_id"), notified_act);
    it_free(keep);

    /* the debtor's reorganization is decided first */
    r = decide(petition, "{\"outcome\":\"accept\",\"ruling_date\":\"" TODAY "\"}");
    expect_rule(r, "SZ-APP-PRIORITY-REORG", NULL);
    it_free(r);
    char number[64];
    accept(reorg, number);
    ck_assert_msg(strncmp(number, "(2026) Yue 03 Po Ge No. ", 24) == 0, "case number %s", number);
    snprintf(path, sizeof path, "/v1/applications/%s", petition);
    r = it_get(path, creditor.token);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "superseded");
    ck_assert_str_eq(it_str(r, "superseded_by"), reorg);
    it_free(r);

    /* the case's deadlines: the property declaration, 15 days -> 02-20, inside the Spring
     * Festival (02-15..02-23) -> Tuesday 02-24; service of the ruling 5 days -> 02-10; the
     * contracts 2 months -> 04-05 (Qingming, 04-04..04-06) -> 04-07; the decision met */
    items = case_deadlines(reorg, &keep);
    json_t *decl = expect_deadline(items, "SZ-DEBT-PROPERTY-DECL", "2026-02-24", "pending");
    trace = json_object_get(decl, "trace");
    ck_assert_str_eq(jstr(trace, "raw_end"), "2026-02-20");
    json_t *skipped = json_object_get(trace, "skipped");
    ck_assert_int_eq(json_array_size(skipped), 4);
    static const char *const festival[] = {"2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"};
    for (size_t i = 0; i < 4; i++) {
        json_t *s = json_array_get(skipped, i);
        ck_assert_str_eq(jstr(s, "date"), festival[i]);
        ck_assert_str_eq(jstr(s, "reason"), "holiday");
        ck_assert_str_eq(jstr(s, "name"), "Spring Festival");
    }
    ck_assert_str_eq(jstr(json_object_get(decl, "trigger"), "kind"), "accepted");
    expect_deadline(items, "SZ-APP-SERVE-RULING", "2026-02-10", "pending");
    expect_deadline(items, "SZ-PROP-EXEMPT-LIST", "2026-02-24", "pending");
    json_t *contracts = expect_deadline(items, "SZ-ADM-CONTRACTS", "2026-04-07", "pending");
    ck_assert_str_eq(jstr(json_object_get(contracts, "trace"), "raw_end"), "2026-04-05");
    json_t *decided = expect_deadline(items, "SZ-APP-DECIDE", "2026-03-09", "met");
    ck_assert_str_eq(jstr(decided, "met_on"), TODAY);
    ck_assert_str_eq(jstr(decided, "case_number"), number);
    /* a debtor's own application is not served on the debtor for materials */
    ck_assert_ptr_null(find_rule(items, "SZ-APP-DEBTOR-MATERIALS"));
    it_free(keep);

    /* the department keeps the roster and the court designates from it: the
     * administrator's token then reaches the case, and the announcement period opens
     * (15 days -> 02-20, inside the Spring Festival -> 02-24) */
    char *wp_dept = it_token("department", "dept-path");
    char *wp_sub = it_fmt("adm-path-%u", it_unique());
    char *wp_body = it_fmt("{\"subject\":\"%s\",\"kind\":\"individual\",\"name\":\"Zhang Wei\","
                           "\"profession\":\"lawyer\",\"qualification\":\"SZ-ADM-2025-017\"}",
                           wp_sub);
    r = it_post("/v1/administrators", wp_dept, wp_body);
    it_expect(r, 201);
    char wp_admin[37];
    snprintf(wp_admin, sizeof wp_admin, "%s", it_str(r, "id"));
    it_free(r);
    free(wp_body);
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", reorg);
    wp_body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"department_proposal\","
                     "\"designated_on\":\"" TODAY "\"}",
                     wp_admin);
    r = it_post(path, court, wp_body);
    it_expect(r, 200);
    it_free(r);
    free(wp_body);
    char *wp_token = it_token("administrator", wp_sub);
    snprintf(path, sizeof path, "/v1/applications/%s", reorg);
    r = it_get(path, wp_token);
    it_expect(r, 200);
    it_free(r);
    items = case_deadlines(reorg, &keep);
    expect_deadline(items, "SZ-ANN-ACCEPTANCE", "2026-02-24", "pending");
    it_free(keep);
    /* the announcement, with the claim period the court sets (30 days -> 03-07, a Saturday
     * -> 03-09) and the first meeting within 15 days after it ends (03-20), meets it and
     * opens the meeting notice, 15 days in advance (03-05) */
    r = record_act(reorg, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\",\"claim_period_days\":30,"
                   "\"event_date\":\"2026-03-20\",\"place\":\"Court room 3\"}");
    it_expect(r, 201);
    ck_assert_str_eq(jstr(json_object_get(r->json, "detail"), "claim_period_end"), "2026-03-09");
    it_free(r);
    /* and the administrator decides on the debtor's unfinished contracts */
    r = record_act(reorg, wp_token, "{\"kind\":\"contracts_decided\"}");
    it_expect(r, 201);
    it_free(r);
    items = case_deadlines(reorg, &keep);
    expect_deadline(items, "SZ-ANN-ACCEPTANCE", "2026-02-24", "met");
    expect_deadline(items, "SZ-MTG-NOTICE", "2026-03-05", "pending");
    expect_deadline(items, "SZ-ADM-CONTRACTS", "2026-04-07", "met");
    it_free(keep);
    free(wp_token);
    free(wp_sub);
    free(wp_dept);

    /* the restrictions of the case */
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions", reorg);
    r = it_get(path, court);
    it_expect(r, 200);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 4);
    static const char *const kinds[] = {"consumption", "posts", "loan_declaration", "exit"};
    static const char *const kind_rules[] = {"SZ-RST-CONSUMPTION", "SZ-RST-POSTS",
                                             "SZ-RST-LOAN-DECLARE", "SZ-RST-EXIT"};
    for (size_t i = 0; i < 4; i++) {
        json_t *x = find_kind(items, kinds[i]);
        ck_assert_msg(x != NULL, "no %s restriction: %s", kinds[i], r->body);
        ck_assert_str_eq(jstr(x, "rule_id"), kind_rules[i]);
        ck_assert_str_eq(jstr(x, "status"), "active");
        ck_assert_str_eq(jstr(x, "effective_from"), TODAY);
        ck_assert(json_is_null(json_object_get(x, "effective_to")));
        ck_assert_str_eq(jstr(x, "case_id"), reorg);
    }
    json_t *consumption = json_object_get(find_kind(items, "consumption"), "detail");
    json_t *enacted = json_object_get(consumption, "items");
    ck_assert_int_ge(json_array_size(enacted), 10);
    ck_assert(listed(enacted, "soft_sleeper_train"));
    ck_assert(listed(enacted, "golf"));
    ck_assert_msg(!listed(enacted, "travel"), "draft-only 'travel' is enforced: %s", r->body);
    json_t *posts = json_object_get(find_kind(items, "posts"), "detail");
    ck_assert(listed(json_object_get(posts, "posts"), "director"));
    ck_assert(listed(json_object_get(posts, "entities"), "financial_institution"));
    ck_assert_int_eq(
        json_integer_value(json_object_get(
            json_object_get(find_kind(items, "loan_declaration"), "detail"), "min_exclusive_fen")),
        100000);
    it_free(r);

    /* an agency polls the feed from the start: four impositions naming the person */
    char cursor[24], etag[64];
    json_t *changes = feed_all(agency.token, "0", reorg, cursor);
    ck_assert_int_eq(json_array_size(changes), 4);
    size_t i;
    json_t *c;
    long long prev = 0;
    json_array_foreach(changes, i, c)
    {
        ck_assert_str_eq(jstr(c, "change"), "imposed");
        ck_assert_str_eq(jstr(c, "case_number"), number);
        json_t *who = json_object_get(c, "debtor");
        ck_assert_str_eq(jstr(who, "name"), d.name);
        ck_assert_str_eq(jstr(who, "id_number"), d.id_number); /* whole, not masked */
        json_t *rule = json_object_get(c, "rule");
        ck_assert_str_eq(jstr(rule, "id"), kind_rules[i]); /* imposed in this order */
        ck_assert_ptr_nonnull(jstr(rule, "citation"));
        ck_assert_str_eq(jstr(json_object_get(c, "restriction"), "kind"), kinds[i]);
        ck_assert_str_eq(jstr(c, "effective_from"), TODAY);
        long long seq = strtoll(jstr(c, "cursor"), NULL, 10);
        ck_assert(seq > prev);
        prev = seq;
    }
    json_decref(changes);
    /* nothing new: the ETag answers 304 with no body */
    r = feed(agency.token, cursor, 100);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(items_of(r)), 0);
    ck_assert_str_eq(it_str(r, "next_cursor"), cursor);
    etag_of(r, etag);
    it_free(r);
    char inm[100];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *hdr[] = {inm, NULL};
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s", cursor);
    r = conditional_until_304(path, agency.token, inm, etag);
    it_expect(r, 304);
    ck_assert_int_eq((int)strlen(r->body), 0);
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);

    /* the court lets the debtor travel abroad for work, today included */
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/consents", reorg);
    r = it_post(path, court,
                "{\"restriction\":\"exit\",\"item\":\"travel\",\"purpose\":\"work\","
                "\"reason\":\"x\",\"from\":\"2026-02-05\",\"to\":\"2026-02-12\"}");
    expect_field(r, 400, "item"); /* leaving the country names no item */
    it_free(r);
    r = it_post(path, court,
                "{\"restriction\":\"consumption\",\"item\":\"travel\",\"purpose\":\"life\","
                "\"reason\":\"x\",\"from\":\"2026-02-05\",\"to\":\"2026-02-12\"}");
    expect_field(r, 400, "item"); /* 'travel' is in the draft only, not the enacted list */
    it_free(r);
    r = it_post(path, court,
                "{\"restriction\":\"exit\",\"purpose\":\"work\",\"reason\":\"x\","
                "\"from\":\"2026-02-12\",\"to\":\"2026-02-05\"}");
    expect_field(r, 400, "to");
    it_free(r);
    r = it_post(path, court,
                "{\"restriction\":\"exit\",\"purpose\":\"work\",\"reason\":"
                "\"trade fair in Hong Kong\",\"from\":\"2026-02-05\",\"to\":\"2026-02-12\"}");
    it_expect(r, 200);
    json_t *exit_r = find_kind(items_of(r), "exit");
    ck_assert_int_eq(json_array_size(json_object_get(exit_r, "consents")), 1);
    json_t *consent = json_array_get(json_object_get(exit_r, "consents"), 0);
    ck_assert_str_eq(jstr(consent, "purpose"), "work");
    ck_assert(json_is_true(json_object_get(consent, "current")));
    it_free(r);

    /* the agency's next poll: exactly that consent; the old ETag no longer matches */
    r = feed(agency.token, cursor, 100);
    it_expect(r, 200);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 1);
    c = json_array_get(items, 0);
    ck_assert_str_eq(jstr(c, "change"), "consent_granted");
    ck_assert_str_eq(jstr(c, "case_id"), reorg);
    ck_assert_str_eq(jstr(json_object_get(c, "restriction"), "kind"), "exit");
    ck_assert_str_eq(jstr(json_object_get(c, "rule"), "id"), "SZ-RST-EXIT");
    ck_assert_str_eq(jstr(json_object_get(c, "consent"), "purpose"), "work");
    ck_assert_str_eq(jstr(json_object_get(c, "consent"), "from"), "2026-02-05");
    ck_assert_str_eq(jstr(json_object_get(c, "consent"), "to"), "2026-02-12");
    ck_assert(json_is_null(json_object_get(c, "lift")));
    ck_assert_str_eq(jstr(c, "effective_from"), "2026-02-05");
    ck_assert_str_eq(jstr(c, "effective_to"), "2026-02-12");
    ck_assert(strtoll(jstr(c, "cursor"), NULL, 10) > strtoll(cursor, NULL, 10));
    snprintf(cursor, sizeof cursor, "%s", it_str(r, "next_cursor"));
    ck_assert_str_eq(cursor, jstr(c, "cursor"));
    ck_assert_str_eq(it_str(r, "head"), cursor);
    it_free(r);
    /* The ETag from before the consent. (Since the feed head is kept in memory from
     * NOTIFYs, a conditional poll sent the instant a change commits can still be answered
     * 304 until the notification arrives; the unconditional poll above leaves it time.) */
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s", cursor);
    r = it_call("GET", path, agency.token, NULL, hdr);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(items_of(r)), 0);
    ck_assert_str_ne(etag_of(r, etag), inm + strlen("If-None-Match: "));
    it_free(r);

    /* a consent for March: granted, but not current today */
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/consents", reorg);
    r = it_post(path, court,
                "{\"restriction\":\"consumption\",\"item\":\"soft_sleeper_train\","
                "\"purpose\":\"life\",\"reason\":\"visiting a sick parent\","
                "\"from\":\"2026-03-01\",\"to\":\"2026-03-03\"}");
    it_expect(r, 200);
    consent = json_array_get(json_object_get(find_kind(items_of(r), "consumption"), "consents"), 0);
    ck_assert_str_eq(jstr(consent, "item"), "soft_sleeper_train");
    ck_assert(json_is_false(json_object_get(consent, "current")));
    it_free(r);
    json_t *more = feed_all(agency.token, cursor, NULL, cursor);
    ck_assert_int_eq(json_array_size(more), 1);
    ck_assert_str_eq(jstr(json_array_get(more, 0), "change"), "consent_granted");
    json_decref(more);

    /* the person check: under restriction, four kinds, the exit consent current today and
     * the March consent not listed */
    r = check_person(agency.token, d.id_number);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "id_number"), d.id_number);
    ck_assert_str_eq(it_str(r, "checked_on"), TODAY);
    ck_assert(json_is_true(json_object_get(r->json, "under_restriction")));
    items = json_object_get(r->json, "restrictions");
    ck_assert_int_eq(json_array_size(items), 4);
    for (i = 0; i < 4; i++) {
        json_t *x = find_kind(items, kinds[i]);
        ck_assert_ptr_nonnull(x);
        ck_assert_str_eq(jstr(x, "rule_id"), kind_rules[i]);
        ck_assert_str_eq(jstr(x, "case_number"), number);
        ck_assert_str_eq(jstr(x, "since"), TODAY);
    }
    json_t *exit_consents = json_object_get(find_kind(items, "exit"), "consents");
    ck_assert_int_eq(json_array_size(exit_consents), 1);
    ck_assert_str_eq(jstr(json_array_get(exit_consents, 0), "purpose"), "work");
    ck_assert_str_eq(jstr(json_array_get(exit_consents, 0), "to"), "2026-02-12");
    ck_assert_int_eq(json_array_size(json_object_get(find_kind(items, "consumption"), "consents")),
                     0);
    it_free(r);
    /* a person with no case is an answer too */
    char nobody[19];
    it_idnumber(it_unique(), nobody);
    r = check_person(agency.token, nobody);
    it_expect(r, 200);
    ck_assert(json_is_false(json_object_get(r->json, "under_restriction")));
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "restrictions")), 0);
    it_free(r);
    r = check_person(agency.token, "123");
    expect_field(r, 400, "id_number");
    it_free(r);

    /* lifting: a liquidation's ground does not fit a reorganization */
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/lift", reorg);
    r = it_post(path, court, "{\"ground\":\"discharge_ruling\",\"reason\":\"wrong ground\"}");
    expect_rule(r, "SZ-RST-PERIOD", "ground");
    it_free(r);
    r = it_post(path, court, "{\"ground\":\"plan_approved\",\"reason\":\"the plan was approved\"}");
    it_expect(r, 200);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 4);
    json_array_foreach(items, i, c)
    {
        ck_assert_str_eq(jstr(c, "status"), "lifted");
        ck_assert_str_eq(jstr(c, "effective_to"), TODAY);
        ck_assert_str_eq(jstr(c, "lift_rule_id"), "SZ-REO-LIFT");
    }
    it_free(r);
    r = feed(agency.token, cursor, 100);
    it_expect(r, 200);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 4);
    json_array_foreach(items, i, c)
    {
        ck_assert_str_eq(jstr(c, "change"), "lifted");
        ck_assert_str_eq(jstr(c, "case_id"), reorg);
        ck_assert_str_eq(jstr(json_object_get(c, "rule"), "id"), "SZ-REO-LIFT");
        ck_assert_ptr_nonnull(jstr(json_object_get(c, "rule"), "citation"));
        ck_assert_str_eq(jstr(c, "effective_to"), TODAY);
        ck_assert_str_eq(jstr(c, "effective_from"), TODAY);
        ck_assert_str_eq(jstr(json_object_get(c, "restriction"), "status"), "lifted");
        ck_assert_str_eq(jstr(json_object_get(c, "lift"), "ground"), "plan_approved");
        ck_assert_str_eq(jstr(json_object_get(c, "lift"), "reason"), "the plan was approved");
        ck_assert(json_is_null(json_object_get(c, "consent")));
        ck_assert_str_eq(jstr(json_object_get(c, "debtor"), "id_number"), d.id_number);
    }
    it_free(r);
    r = check_person(agency.token, d.id_number);
    it_expect(r, 200);
    ck_assert(json_is_false(json_object_get(r->json, "under_restriction")));
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "restrictions")), 0);
    it_free(r);
    r = it_post(path, court, "{\"ground\":\"plan_approved\",\"reason\":\"again\"}");
    it_expect(r, 409);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/consents", reorg);
    r = it_post(path, court,
                "{\"restriction\":\"exit\",\"purpose\":\"work\",\"reason\":\"x\","
                "\"from\":\"2026-02-05\",\"to\":\"2026-02-06\"}");
    it_expect(r, 409); /* nothing to consent to once lifted */
    it_free(r);
    ck_assert_int_eq(sql_long("SELECT count(*) FROM audit_log WHERE action = 'restrictions.lift'"
                              " AND subject = 'judge-caselife'") >= 1,
                     1);

    /* the debtor sees who checked on it; another debtor does not */
    snprintf(path, sizeof path, "/v1/debtors/%s/restriction-checks", d.id);
    r = it_get(path, d.p.token);
    it_expect(r, 200);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 2);
    json_array_foreach(items, i, c)
    {
        ck_assert_str_eq(jstr(c, "role"), "agency");
        ck_assert_str_eq(jstr(c, "subject"), agency.sub);
        ck_assert(json_is_true(json_object_get(c, "found")));
        ck_assert_ptr_nonnull(jstr(c, "at"));
    }
    it_free(r);
    struct debtor other;
    register_debtor(&other);
    r = it_get(path, other.p.token);
    it_expect(r, 404);
    it_free(r);
    r = it_get(path, court);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(items_of(r)), 2);
    it_free(r);
}
END_TEST

/* ==== 2. roles ==== */

START_TEST(roles_are_refused)
{
    struct debtor d;
    char case_id[37], path[192];
    accepted_case(&d, case_id);
    struct it_party creditor, admin, agency;
    it_party(&creditor, "creditor", "bank");
    it_party(&admin, "administrator", "adm");
    it_party(&agency, "agency", "bank-regulator");

    struct it_resp *r = feed(creditor.token, NULL, 10);
    it_expect(r, 403);
    it_free(r);
    r = feed(admin.token, NULL, 10);
    it_expect(r, 403);
    it_free(r);
    r = feed(d.p.token, NULL, 10);
    it_expect(r, 403);
    it_free(r);
    r = feed(court_token(), NULL, 10);
    it_expect(r, 403);
    it_free(r);
    char *dept = it_token("department", "dept-caselife");
    r = feed(dept, NULL, 10); /* the department reads the feed too */
    it_expect(r, 200);
    it_free(r);
    r = check_person(dept, d.id_number);
    it_expect(r, 200);
    it_free(r);
    free(dept);

    r = check_person(d.p.token, d.id_number);
    it_expect(r, 403);
    it_free(r);
    r = check_person(creditor.token, d.id_number);
    it_expect(r, 403);
    it_free(r);

    r = it_get("/v1/applications", agency.token);
    it_expect(r, 403);
    it_free(r);
    r = it_get("/v1/debtors", agency.token);
    it_expect(r, 403);
    it_free(r);
    snprintf(path, sizeof path, "/v1/debtors/%s", d.id);
    r = it_get(path, agency.token);
    it_expect(r, 403);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions", case_id);
    r = it_get(path, agency.token);
    it_expect(r, 403);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/deadlines", case_id);
    r = it_get(path, agency.token);
    it_expect(r, 403);
    it_free(r);
    r = it_get("/v1/deadlines", agency.token);
    it_expect(r, 403);
    it_free(r);

    /* a debtor does not record the court's acts, even on a petition against it */
    struct debtor d2;
    register_debtor(&d2);
    char *body = it_fmt("{\"debtor\":{\"name\":\"%s\",\"id_number\":\"%s\"},\"procedure\":"
                        "\"liquidation\",\"claims\":[{\"amount\":\"600000.00\",\"due_date\":"
                        "\"2025-12-31\"}],\"materials\":%s}",
                        d2.name, d2.id_number, IT_CREDITOR_MATERIALS);
    r = it_post("/v1/applications", creditor.token, body);
    free(body);
    it_expect(r, 201);
    char petition[37];
    snprintf(petition, sizeof petition, "%s", it_str(r, "id"));
    it_free(r);
    r = record_act(petition, d2.p.token, "{\"kind\":\"debtor_notified\"}");
    it_expect(r, 403);
    it_free(r);
    r = record_act(petition, creditor.token, "{\"kind\":\"debtor_notified\"}");
    it_expect(r, 403); /* creditors record no acts */
    it_free(r);
    r = record_act(case_id, admin.token,
                   "{\"kind\":\"announced\",\"event_date\":\"2026-03-20\","
                   "\"claim_period_days\":30}");
    it_expect(r, 403);
    it_free(r);
    char *sql =
        it_fmt("SELECT count(*) FROM case_acts WHERE case_id = '%s' AND kind <> 'filed'", petition);
    ck_assert_int_eq(sql_long(sql), 0);
    free(sql);

    /* only the court lifts, consents, corrects and waives */
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/lift", case_id);
    r = it_post(path, creditor.token, "{\"ground\":\"discharge_ruling\",\"reason\":\"x\"}");
    it_expect(r, 403);
    it_free(r);
    r = it_post(path, d.p.token, "{\"ground\":\"discharge_ruling\",\"reason\":\"x\"}");
    it_expect(r, 403);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/consents", case_id);
    r = it_post(path, d.p.token,
                "{\"restriction\":\"exit\",\"purpose\":\"work\",\"reason\":\"x\","
                "\"from\":\"2026-02-05\",\"to\":\"2026-02-06\"}");
    it_expect(r, 403);
    it_free(r);
    /* the restrictions are still all active */
    sql = it_fmt("SELECT count(*) FROM restrictions WHERE case_id = '%s' AND status = 'active'",
                 case_id);
    ck_assert_int_eq(sql_long(sql), 4);
    free(sql);
}
END_TEST

/* ==== 3. acts ==== */

START_TEST(acts_open_and_meet_deadlines)
{
    const char *court = court_token();
    struct debtor d;
    char case_id[37];
    accepted_case(&d, case_id);

    /* the announcement: a claim period of 30 days from 02-05 ends 03-07, a Saturday, so
     * 03-09; the first meeting falls after that and within 15 days, by 03-24 */
    struct it_resp *r = record_act(case_id, court,
                                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                                   "\"event_date\":\"2026-03-20\",\"claim_period_days\":29}");
    expect_rule(r, "SZ-CLM-PERIOD", "claim_period_days");
    it_free(r);
    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                   "\"event_date\":\"2026-04-20\",\"claim_period_days\":61}");
    expect_rule(r, "SZ-CLM-PERIOD", "claim_period_days");
    it_free(r);
    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                   "\"event_date\":\"2026-04-30\",\"claim_period_days\":30}");
    expect_rule(r, "SZ-MTG-FIRST", "event_date");
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "2026-03-09"));
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "2026-03-24"));
    it_free(r);
    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                   "\"event_date\":\"2026-03-25\",\"claim_period_days\":30}");
    expect_rule(r, "SZ-MTG-FIRST", "event_date"); /* one day late */
    it_free(r);
    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                   "\"event_date\":\"2026-03-09\",\"claim_period_days\":30}");
    expect_rule(r, "SZ-MTG-FIRST", "event_date"); /* on the period's last day: not after it */
    it_free(r);
    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                   "\"event_date\":\"2026-03-20\"}");
    expect_field(r, 400, "claim_period_days");
    it_free(r);
    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"2026-02-06\","
                   "\"event_date\":\"2026-03-20\",\"claim_period_days\":30}");
    expect_field(r, 400, "date"); /* tomorrow */
    it_free(r);
    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\","
                   "\"claim_period_days\":30}");
    expect_field(r, 400, "event_date");
    it_free(r);
    r = record_act(case_id, court, "{\"kind\":\"meteor_strike\"}");
    expect_field(r, 400, "kind");
    it_free(r);
    r = record_act(case_id, court, "{\"kind\":\"accepted\"}");
    expect_field(r, 400, "kind"); /* the service records acceptance itself */
    it_free(r);
    r = record_act(case_id, court, "{\"kind\":\"debtor_notified\"}");
    it_expect(r, 409); /* a creditor's petition's act, on the debtor's own case */
    it_free(r);
    r = record_act("11111111-2222-3333-4444-555555555555", court, "{\"kind\":\"ruling_served\"}");
    it_expect(r, 404);
    it_free(r);
    ck_assert_int_eq(
        sql_long("SELECT count(*) FROM case_acts WHERE kind = 'announced' AND "
                 "event_date IN ('2026-04-30', '2026-03-25', '2026-03-09', '2026-04-20')"),
        0);

    r = record_act(case_id, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\",\"event_date\":"
                   "\"2026-03-20\",\"claim_period_days\":30,\"place\":\"Court room 3\"}");
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "kind"), "announced");
    ck_assert_str_eq(it_str(r, "event_date"), "2026-03-20");
    json_t *detail = json_object_get(r->json, "detail");
    ck_assert_str_eq(jstr(detail, "claim_period_end"), "2026-03-09");
    ck_assert_str_eq(jstr(detail, "first_meeting_latest"), "2026-03-24");
    ck_assert_str_eq(jstr(detail, "place"), "Court room 3");
    ck_assert_str_eq(jstr(json_object_get(r->json, "recorded_by"), "role"), "court");
    char announced[37];
    snprintf(announced, sizeof announced, "%s", it_str(r, "id"));
    it_free(r);
    struct it_resp *keep;
    json_t *items = case_deadlines(case_id, &keep);
    /* 15 days before the meeting of 03-20: 03-05, a Thursday */
    json_t *notice = expect_deadline(items, "SZ-MTG-NOTICE", "2026-03-05", "pending");
    ck_assert(json_is_true(json_object_get(json_object_get(notice, "trace"), "in_advance")));
    ck_assert_str_eq(jstr(json_object_get(notice, "trigger"), "act_id"), announced);
    /* SZ-ANN-ACCEPTANCE is opened by the administrator's designation: met if it exists */
    json_t *ann = find_rule(items, "SZ-ANN-ACCEPTANCE");
    if (ann != NULL)
        ck_assert_str_eq(jstr(ann, "status"), "met");
    it_free(keep);

    /* the declaration of property, by the debtor: meets SZ-DEBT-PROPERTY-DECL and opens the
     * administrator's report, 30 days -> 03-07, a Saturday -> 03-09 */
    r = record_act(case_id, d.p.token,
                   "{\"kind\":\"property_declared\",\"date\":\"" TODAY "\","
                   "\"note\":\"12 categories declared\"}");
    it_expect(r, 201);
    ck_assert_str_eq(jstr(json_object_get(r->json, "recorded_by"), "role"), "debtor");
    ck_assert_str_eq(jstr(json_object_get(r->json, "detail"), "note"), "12 categories declared");
    char declared[37];
    snprintf(declared, sizeof declared, "%s", it_str(r, "id"));
    it_free(r);
    items = case_deadlines(case_id, &keep);
    json_t *decl = expect_deadline(items, "SZ-DEBT-PROPERTY-DECL", "2026-02-24", "met");
    ck_assert_str_eq(jstr(decl, "met_on"), TODAY);
    ck_assert_str_eq(jstr(decl, "met_by_act_id"), declared);
    expect_deadline(items, "SZ-ADM-PROPERTY-REPORT", "2026-03-09", "pending");
    it_free(keep);
    /* the debtor sees the acts of its case */
    char path[128];
    snprintf(path, sizeof path, "/v1/applications/%s/acts", case_id);
    r = it_get(path, d.p.token);
    it_expect(r, 200);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 4); /* filed, accepted, announced, property_declared */
    ck_assert_str_eq(jstr(json_array_get(items, 0), "kind"), "filed");
    ck_assert_str_eq(jstr(json_array_get(items, 1), "kind"), "accepted");
    ck_assert_str_eq(jstr(json_array_get(items, 3), "kind"), "property_declared");
    it_free(r);
    struct it_party stranger;
    it_party(&stranger, "creditor", "bank");
    r = it_get(path, stranger.token);
    it_expect(r, 404);
    it_free(r);

    /* acts of an accepted case are refused on a pending application */
    struct debtor p;
    char pending[37];
    register_debtor(&p);
    debtor_files(&p, "liquidation", NULL, pending);
    r = record_act(pending, court,
                   "{\"kind\":\"announced\",\"date\":\"" TODAY "\",\"event_date\":"
                   "\"2026-03-20\",\"claim_period_days\":30}");
    it_expect(r, 409);
    it_free(r);
    r = record_act(pending, p.p.token, "{\"kind\":\"property_declared\"}");
    it_expect(r, 409);
    it_free(r);
    /* and a pending application's acts on the accepted case */
    r = record_act(case_id, court, "{\"kind\":\"decision_extended\"}");
    it_expect(r, 409);
    it_free(r);

    /* the decision period is extended once, by 15 days from its rolled end: 03-09 -> 03-24 */
    r = record_act(pending, court,
                   "{\"kind\":\"decision_extended\",\"note\":\"president approved\"}");
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "date"), TODAY); /* no date: today */
    it_free(r);
    items = case_deadlines(pending, &keep);
    json_t *dl = expect_deadline(items, "SZ-APP-DECIDE", "2026-03-24", "pending");
    ck_assert_int_eq(json_integer_value(json_object_get(dl, "extensions")), 1);
    ck_assert_str_eq(jstr(json_object_get(dl, "trace"), "trigger"), "2026-03-09");
    it_free(keep);
    r = record_act(pending, court, "{\"kind\":\"decision_extended\"}");
    expect_rule(r, "SZ-APP-DECIDE", NULL);
    it_free(r);
    items = case_deadlines(pending, &keep);
    expect_deadline(items, "SZ-APP-DECIDE", "2026-03-24", "pending");
    it_free(keep);
}
END_TEST

/* ==== 4. correction ==== */

/* A correction is held to what recording was: a hearing comes after the act that schedules
 * it, whether the correction moves the act or the hearing. */
START_TEST(a_correction_keeps_the_event_after_the_act)
{
    const char *court = court_token();
    struct debtor h;
    char pending[37], path[192];
    register_debtor(&h);
    debtor_files(&h, "liquidation", NULL, pending);
    struct it_resp *r = record_act(
        pending, court, "{\"kind\":\"hearing_scheduled\",\"event_date\":\"2026-02-20\"}");
    it_expect(r, 201);
    snprintf(path, sizeof path, "/v1/applications/%s/acts/%s", pending, it_str(r, "id"));
    it_free(r);
    r = it_patch(path, court, "{\"date\":\"2026-02-20\",\"reason\":\"moved onto the hearing\"}");
    it_expect(r, 400);
    ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "errors"), 0), "field"), "date");
    it_free(r);
    r = it_patch(path, court,
                 "{\"date\":\"" TODAY "\",\"event_date\":\"2026-02-01\",\"reason\":\"x\"}");
    it_expect(r, 400);
    ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "errors"), 0), "field"),
                     "event_date");
    it_free(r);
    r = it_patch(path, court,
                 "{\"date\":\"" TODAY "\",\"event_date\":\"2026-02-27\",\"reason\":\"later\"}");
    it_expect(r, 200);
    it_free(r);
}
END_TEST

START_TEST(a_corrected_date_moves_its_deadlines)
{
    const char *court = court_token();
    struct debtor d;
    char case_id[37], path[192];
    accepted_case(&d, case_id);
    struct it_resp *r =
        record_act(case_id, d.p.token, "{\"kind\":\"property_declared\",\"date\":\"" TODAY "\"}");
    it_expect(r, 201);
    char act[37];
    snprintf(act, sizeof act, "%s", it_str(r, "id"));
    it_free(r);
    struct it_resp *keep;
    json_t *items = case_deadlines(case_id, &keep);
    expect_deadline(items, "SZ-ADM-PROPERTY-REPORT", "2026-03-09", "pending");
    it_free(keep);

    snprintf(path, sizeof path, "/v1/applications/%s/acts/%s", case_id, act);
    r = it_patch(path, d.p.token, "{\"date\":\"2026-02-04\",\"reason\":\"mine\"}");
    it_expect(r, 403);
    it_free(r);
    char *admin = it_token("administrator", "adm-correct");
    r = it_patch(path, admin, "{\"date\":\"2026-02-04\",\"reason\":\"mine\"}");
    it_expect(r, 403);
    it_free(r);
    free(admin);
    r = it_patch(path, court, "{\"date\":\"2026-02-04\"}");
    expect_field(r, 400, "reason");
    it_free(r);
    r = it_patch(path, court, "{\"date\":\"2026-02-06\",\"reason\":\"tomorrow\"}");
    expect_field(r, 400, "date");
    it_free(r);
    char other[192];
    snprintf(other, sizeof other, "/v1/applications/%s/acts/11111111-2222-3333-4444-555555555555",
             case_id);
    r = it_patch(other, court, "{\"date\":\"2026-02-04\",\"reason\":\"no such act\"}");
    it_expect(r, 404);
    it_free(r);

    /* a correction is held to what recording was: not before the application (02-05) */
    r = it_patch(path, court,
                 "{\"date\":\"2026-02-04\",\"reason\":\"the declaration was "
                 "lodged the day before\"}");
    expect_field(r, 422, "date");
    it_free(r);
    r = it_patch(path, court,
                 "{\"date\":\"" TODAY "\",\"event_date\":\"2026-03-01\",\"reason\":\"x\"}");
    expect_field(r, 400, "event_date"); /* a declaration schedules nothing */
    it_free(r);

    /* a hearing moved: its notice (3 days in advance, rolled back) moves with it, and the
     * correction is in the trail with the dates before and after */
    struct debtor h;
    char pending[37], hearing[37];
    register_debtor(&h);
    debtor_files(&h, "liquidation", NULL, pending);
    r = record_act(pending, court,
                   "{\"kind\":\"hearing_scheduled\",\"event_date\":\"2026-02-20\"}");
    it_expect(r, 201);
    snprintf(hearing, sizeof hearing, "%s", it_str(r, "id"));
    it_free(r);
    /* 02-20 - 3 = 02-17, Spring Festival: back over 02-16 and 02-15 to 02-14, a make-up
     * working Saturday */
    items = case_deadlines(pending, &keep);
    expect_deadline(items, "SZ-APP-HEARING-NOTICE", "2026-02-14", "pending");
    it_free(keep);
    snprintf(path, sizeof path, "/v1/applications/%s/acts/%s", pending, hearing);
    r = it_patch(path, court,
                 "{\"date\":\"" TODAY "\",\"event_date\":\"2026-03-10\","
                 "\"reason\":\"the hearing was moved\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "event_date"), "2026-03-10");
    ck_assert_ptr_nonnull(it_str(r, "corrected_at"));
    it_free(r);
    /* 03-10 - 3 = 03-07, a Saturday: back to Friday 03-06 */
    items = case_deadlines(pending, &keep);
    json_t *notice = expect_deadline(items, "SZ-APP-HEARING-NOTICE", "2026-03-06", "pending");
    ck_assert_int_eq(json_array_size(json_object_get(json_object_get(notice, "trace"), "skipped")),
                     1);
    it_free(keep);

    char *sql =
        it_fmt("SELECT count(*) FROM audit_log WHERE action = 'act.correct' AND object_id = '%s' "
               "AND case_id = '%s' AND role = 'court' AND detail->>'reason' = "
               "'the hearing was moved' AND detail->'before'->>'event_date' = "
               "'2026-02-20' AND detail->'after'->>'event_date' = '2026-03-10'",
               hearing, pending);
    ck_assert_int_eq(sql_long(sql), 1);
    free(sql);
    /* refused corrections left no trail */
    sql = it_fmt("SELECT count(*) FROM audit_log WHERE action = 'act.correct' AND object_id = '%s'",
                 act);
    ck_assert_int_eq(sql_long(sql), 0);
    free(sql);
}
END_TEST

/* ==== 4b. what ends or restarts: withdrawal, rejection, a rescheduled hearing ==== */

START_TEST(ended_applications_close_and_new_triggers_reopen)
{
    const char *court = court_token();
    struct debtor w;
    char app[37], path[192];
    register_debtor(&w);
    debtor_files(&w, "liquidation", NULL, app);
    snprintf(path, sizeof path, "/v1/applications/%s/withdrawal", app);
    struct it_resp *r = it_post(path, w.p.token, "{\"reason\":\"settled\"}");
    it_expect(r, 200);
    it_free(r);
    /* nothing of a withdrawn application stays pending, nor turns overdue later */
    struct it_resp *keep;
    json_t *items = case_deadlines(app, &keep);
    json_t *decide_dl = expect_deadline(items, "SZ-APP-DECIDE", "2026-03-09", "waived");
    ck_assert_str_eq(jstr(decide_dl, "waived_by"), "service");
    it_free(keep);

    /* a rejected case ends: its restrictions are lifted, naming the rule */
    struct debtor j;
    char case_id[37];
    accepted_case(&j, case_id);
    r = decide(case_id, "{\"outcome\":\"reject\",\"grounds\":[\"false_statements\"]}");
    it_expect(r, 200);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions", case_id);
    r = it_get(path, court);
    it_expect(r, 200);
    size_t i;
    json_t *rest;
    json_array_foreach(items_of(r), i, rest)
    {
        ck_assert_str_eq(jstr(rest, "status"), "lifted");
        ck_assert_str_eq(jstr(rest, "lift_rule_id"), "SZ-APP-REJECT-GROUNDS");
    }
    ck_assert_int_eq(json_array_size(items_of(r)), 4);
    it_free(r);

    /* a hearing rescheduled after its notice went out needs a new notice */
    struct debtor h;
    char pending[37];
    register_debtor(&h);
    debtor_files(&h, "liquidation", NULL, pending);
    it_free(record_act(pending, court,
                       "{\"kind\":\"hearing_scheduled\",\"event_date\":\"2026-02-20\"}"));
    it_free(record_act(pending, court, "{\"kind\":\"hearing_notified\"}"));
    items = case_deadlines(pending, &keep);
    expect_deadline(items, "SZ-APP-HEARING-NOTICE", "2026-02-14", "met");
    it_free(keep);
    r = record_act(pending, court,
                   "{\"kind\":\"hearing_scheduled\",\"event_date\":\"2026-03-10\"}");
    it_expect(r, 201);
    it_free(r);
    items = case_deadlines(pending, &keep);
    json_t *notice = expect_deadline(items, "SZ-APP-HEARING-NOTICE", "2026-03-06", "pending");
    ck_assert(json_is_null(json_object_get(notice, "met_on")));
    it_free(keep);
}
END_TEST

/* ==== 4c. a joint case binds both spouses ==== */

static void name_spouse(struct debtor *d, const struct debtor *spouse)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/debtors/%s", d->id);
    char *body = it_fmt("{\"spouse\":{\"name\":\"%s\",\"id_number\":\"%s\"}}", spouse->name,
                        spouse->id_number);
    struct it_resp *r = it_patch(path, d->p.token, body);
    it_expect(r, 200);
    it_free(r);
    free(body);
}

START_TEST(a_joint_case_binds_both_spouses)
{
    const char *court = court_token();
    char *agency = it_token("agency", "airline-joint");
    struct debtor a, b;
    register_debtor(&a);
    register_debtor(&b);
    name_spouse(&a, &b);
    name_spouse(&b, &a);
    char joint[96], app[37], path[192];
    snprintf(joint, sizeof joint, ",\"joint_debtor_id\":\"%s\"", b.id);
    debtor_files(&a, "liquidation", joint, app);
    struct it_resp *r = decide(app, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    it_free(r);
    /* four restrictions on each spouse */
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions", app);
    r = it_get(path, court);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(items_of(r)), 8);
    it_free(r);
    r = check_person(agency, b.id_number);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "under_restriction")));
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "restrictions")), 4);
    it_free(r);
    /* one open case per person: the joint debtor cannot open another */
    char *body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s}",
                        b.id, IT_DEBTOR_MATERIALS);
    r = it_post("/v1/applications", b.p.token, body);
    it_expect(r, 409);
    it_free(r);
    free(body);
    /* the court's consent names the spouse it is for */
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/consents", app);
    body = it_fmt("{\"restriction\":\"exit\",\"debtor_id\":\"%s\",\"purpose\":\"work\","
                  "\"reason\":\"a trade fair\",\"from\":\"" TODAY "\",\"to\":\"2026-02-08\"}",
                  b.id);
    r = it_post(path, court, body);
    it_expect(r, 200);
    it_free(r);
    free(body);
    r = check_person(agency, b.id_number);
    json_t *rest;
    size_t k;
    size_t consented = 0;
    json_array_foreach(json_object_get(r->json, "restrictions"), k, rest) consented +=
        json_array_size(json_object_get(rest, "consents"));
    ck_assert_int_eq(consented, 1);
    it_free(r);
    r = check_person(agency, a.id_number);
    consented = 0;
    json_array_foreach(json_object_get(r->json, "restrictions"), k, rest) consented +=
        json_array_size(json_object_get(rest, "consents"));
    ck_assert_int_eq(consented, 0); /* the debtor's own exit is still refused */
    it_free(r);
    free(agency);
}
END_TEST

/* ==== 4d. a deadline waits for the calendar year it needs ==== */

START_TEST(a_deadline_waits_for_its_calendar_year)
{
    const char *court = court_token();
    struct debtor h;
    char pending[37];
    register_debtor(&h);
    debtor_files(&h, "liquidation", NULL, pending);
    /* a hearing in 2027: its notice needs the 2027 calendar, which the court has not added */
    struct it_resp *r = record_act(
        pending, court, "{\"kind\":\"hearing_scheduled\",\"event_date\":\"2027-01-11\"}");
    it_expect(r, 201);
    it_free(r);
    struct it_resp *keep;
    json_t *items = case_deadlines(pending, &keep);
    json_t *notice = find_rule(items, "SZ-APP-HEARING-NOTICE");
    ck_assert_ptr_nonnull(notice);
    /* dated on what is known of 2027 (3 days before: Friday 2027-01-08), and marked so */
    ck_assert_str_eq(jstr(notice, "due"), "2027-01-08");
    ck_assert(json_is_true(json_object_get(notice, "provisional")));
    ck_assert_int_eq(json_integer_value(json_object_get(notice, "missing_year")), 2027);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(notice, "trace"), "missing_year")),
        2027);
    it_free(keep);
    /* the court adds 2027: the notice is the law's date now, Friday 2027-01-08 */
    r = it_call("PUT", "/v1/calendar/2027", court,
                "{\"source\":\"State Council notice for 2027\",\"days\":"
                "[{\"date\":\"2027-01-01\",\"kind\":\"holiday\",\"name\":\"New Year's Day\"}]}",
                NULL);
    it_expect(r, 200);
    it_free(r);
    items = case_deadlines(pending, &keep);
    notice = expect_deadline(items, "SZ-APP-HEARING-NOTICE", "2027-01-08", "pending");
    ck_assert(json_is_false(json_object_get(notice, "provisional")));
    ck_assert(json_is_null(json_object_get(notice, "missing_year")));
    json_t *change = json_array_get(json_object_get(notice, "history"), 0);
    ck_assert_str_eq(jstr(change, "change"), "calendar_year_entered");
    ck_assert_int_eq(json_integer_value(json_object_get(change, "missing_year_before")), 2027);
    ck_assert(json_is_null(json_object_get(change, "missing_year_after")));
    it_free(keep);
}
END_TEST

/* ==== 5. the deadline dashboard ==== */

static struct it_resp *dashboard(const char *token, const char *query)
{
    char path[256];
    snprintf(path, sizeof path, "/v1/deadlines?%s", query);
    struct it_resp *r = it_get(path, token);
    it_expect(r, 200);
    return r;
}

START_TEST(the_deadline_dashboard)
{
    const char *court = court_token();
    struct debtor d;
    char case_id[37], q[256];
    accepted_case(&d, case_id);

    /* pending: service, declaration, exempt list, contracts; the decision is met */
    snprintf(q, sizeof q, "status=pending&case_id=%s", case_id);
    struct it_resp *r = dashboard(court, q);
    ck_assert_str_eq(it_str(r, "today"), TODAY);
    json_t *items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 4);
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        ck_assert_str_eq(jstr(x, "status"), "pending");
        ck_assert_str_eq(jstr(x, "case_id"), case_id);
    }
    ck_assert_ptr_null(find_rule(items, "SZ-APP-DECIDE"));
    it_free(r);
    snprintf(q, sizeof q, "status=met&case_id=%s", case_id);
    r = dashboard(court, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 1);
    ck_assert_str_eq(jstr(json_array_get(items_of(r), 0), "rule_id"), "SZ-APP-DECIDE");
    it_free(r);
    snprintf(q, sizeof q, "due_before=2026-02-28&case_id=%s", case_id);
    r = dashboard(court, q);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 3);
    expect_deadline(items, "SZ-APP-SERVE-RULING", "2026-02-10", "pending");
    expect_deadline(items, "SZ-DEBT-PROPERTY-DECL", "2026-02-24", "pending");
    expect_deadline(items, "SZ-PROP-EXEMPT-LIST", "2026-02-24", "pending");
    it_free(r);
    snprintf(q, sizeof q, "due_after=2026-03-01&case_id=%s", case_id);
    r = dashboard(court, q);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 2); /* the decision (03-09) and the contracts */
    ck_assert_ptr_nonnull(find_rule(items, "SZ-ADM-CONTRACTS"));
    ck_assert_ptr_nonnull(find_rule(items, "SZ-APP-DECIDE"));
    it_free(r);
    snprintf(q, sizeof q, "rule_id=SZ-ADM-CONTRACTS&case_id=%s", case_id);
    r = dashboard(court, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 1);
    it_free(r);
    /* paging forward, one at a time, covers the case's five deadlines without repeats */
    char cursor[24] = "";
    int seen = 0;
    for (int page = 0; page < 10; page++) {
        snprintf(q, sizeof q, "case_id=%s&limit=2%s%s", case_id, cursor[0] ? "&cursor=" : "",
                 cursor);
        r = dashboard(court, q);
        seen += (int)json_array_size(items_of(r));
        const char *next = it_str(r, "next_cursor");
        if (next == NULL) {
            it_free(r);
            break;
        }
        snprintf(cursor, sizeof cursor, "%s", next);
        it_free(r);
    }
    ck_assert_int_eq(seen, 5);
    r = it_get("/v1/deadlines?status=late", court);
    expect_field(r, 400, "status");
    it_free(r);
    r = it_get("/v1/deadlines?due_before=soon", court);
    expect_field(r, 400, "due_before");
    it_free(r);
    r = it_get("/v1/deadlines?colour=red", court);
    it_expect(r, 400);
    it_free(r);

    /* a debtor sees only its own case's deadlines; a stranger creditor none of them */
    r = dashboard(d.p.token, "limit=100");
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 5);
    json_array_foreach(items, i, x) ck_assert_str_eq(jstr(x, "case_id"), case_id);
    it_free(r);
    struct it_party creditor;
    it_party(&creditor, "creditor", "bank");
    snprintf(q, sizeof q, "case_id=%s", case_id);
    r = dashboard(creditor.token, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 0);
    it_free(r);
    r = dashboard(creditor.token, "limit=100");
    ck_assert_int_eq(json_array_size(items_of(r)), 0);
    it_free(r);
    char path[192];
    snprintf(path, sizeof path, "/v1/applications/%s/deadlines", case_id);
    r = it_get(path, creditor.token);
    it_expect(r, 404);
    it_free(r);

    /* the court waives a pending deadline, once */
    struct it_resp *keep;
    items = case_deadlines(case_id, &keep);
    char exempt[37], contracts[37];
    snprintf(exempt, sizeof exempt, "%s", jstr(find_rule(items, "SZ-PROP-EXEMPT-LIST"), "id"));
    snprintf(contracts, sizeof contracts, "%s", jstr(find_rule(items, "SZ-ADM-CONTRACTS"), "id"));
    char decided[37];
    snprintf(decided, sizeof decided, "%s", jstr(find_rule(items, "SZ-APP-DECIDE"), "id"));
    it_free(keep);
    snprintf(path, sizeof path, "/v1/deadlines/%s/waiver", exempt);
    r = it_post(path, d.p.token, "{\"reason\":\"I have nothing exempt\"}");
    it_expect(r, 403);
    it_free(r);
    r = it_post(path, court, "{}");
    expect_field(r, 400, "reason");
    it_free(r);
    r = it_post(path, court, "{\"reason\":\"the list was filed with the application\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "waived");
    ck_assert_str_eq(it_str(r, "waived_reason"), "the list was filed with the application");
    ck_assert_str_eq(it_str(r, "rule_id"), "SZ-PROP-EXEMPT-LIST");
    it_free(r);
    r = it_post(path, court, "{\"reason\":\"again\"}");
    it_expect(r, 409);
    it_free(r);
    snprintf(path, sizeof path, "/v1/deadlines/%s/waiver", decided);
    r = it_post(path, court, "{\"reason\":\"a met deadline\"}");
    it_expect(r, 409);
    it_free(r);
    r = it_post("/v1/deadlines/11111111-2222-3333-4444-555555555555/waiver", court,
                "{\"reason\":\"x\"}");
    it_expect(r, 404);
    it_free(r);
    snprintf(q, sizeof q, "status=waived&case_id=%s", case_id);
    r = dashboard(court, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 1);
    ck_assert_str_eq(jstr(json_array_get(items_of(r), 0), "id"), exempt);
    it_free(r);
    char *sql = it_fmt(
        "SELECT count(*) FROM audit_log WHERE action = 'deadline.waive' AND object_id = '%s'",
        exempt);
    ck_assert_int_eq(sql_long(sql), 1);
    free(sql);

    /* a pending deadline due after today is pending, not overdue */
    snprintf(q, sizeof q, "rule_id=SZ-ADM-CONTRACTS&case_id=%s", case_id);
    r = dashboard(court, q);
    json_t *c = json_array_get(items_of(r), 0);
    ck_assert_str_eq(jstr(c, "id"), contracts);
    ck_assert_str_eq(jstr(c, "status"), "pending");
    it_free(r);
    snprintf(q, sizeof q, "status=overdue&case_id=%s", case_id);
    r = dashboard(court, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 0);
    it_free(r);

    /* Overdue, through the API alone: every application here is received today and no act
     * can be dated in the future, but a deadline counted back from an event can already
     * have passed. A hearing scheduled today for tomorrow (02-06) needed its notice 3 days
     * before, by 02-03: that deadline is overdue the moment it opens. */
    struct debtor h;
    char pending[37];
    register_debtor(&h);
    debtor_files(&h, "liquidation", NULL, pending);
    r = record_act(pending, court,
                   "{\"kind\":\"hearing_scheduled\",\"event_date\":\"2026-02-06\"}");
    it_expect(r, 201);
    it_free(r);
    snprintf(q, sizeof q, "status=overdue&case_id=%s", pending);
    r = dashboard(court, q);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 1);
    json_t *late = expect_deadline(items, "SZ-APP-HEARING-NOTICE", "2026-02-03", "overdue");
    ck_assert(json_is_true(json_object_get(json_object_get(late, "trace"), "in_advance")));
    ck_assert_str_eq(jstr(json_object_get(late, "trace"), "roll"), "backward");
    it_free(r);
    snprintf(q, sizeof q, "status=pending&case_id=%s", pending);
    r = dashboard(court, q);
    items = items_of(r);
    ck_assert_int_eq(json_array_size(items), 1); /* the decision only */
    expect_deadline(items, "SZ-APP-DECIDE", "2026-03-09", "pending");
    it_free(r);
    r = dashboard(h.p.token, "status=overdue");
    ck_assert_int_eq(json_array_size(items_of(r)), 1);
    it_free(r);
    /* the notice, given today, meets it late */
    r = record_act(pending, court, "{\"kind\":\"hearing_notified\"}");
    it_expect(r, 201);
    it_free(r);
    items = case_deadlines(pending, &keep);
    late = expect_deadline(items, "SZ-APP-HEARING-NOTICE", "2026-02-03", "met");
    ck_assert(json_is_true(json_object_get(late, "met_late")));
    ck_assert_str_eq(jstr(late, "met_on"), TODAY);
    it_free(keep);
    snprintf(q, sizeof q, "status=overdue&case_id=%s", pending);
    r = dashboard(court, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 0);
    it_free(r);
}
END_TEST

/* ==== 5b. the runner on acts and deadlines: Idempotency-Key, Location, ETag, If-Match, Link ====
 */

/* A POST or PATCH with an Idempotency-Key and an If-Match, each when not NULL. */
static struct it_resp *keyed(const char *method, const char *path, const char *token,
                             const char *body, const char *key, const char *if_match)
{
    char k[128], m[128];
    const char *hdr[3] = {NULL, NULL, NULL};
    int n = 0;
    if (key != NULL) {
        snprintf(k, sizeof k, "Idempotency-Key: %s", key);
        hdr[n++] = k;
    }
    if (if_match != NULL) {
        snprintf(m, sizeof m, "If-Match: %s", if_match);
        hdr[n++] = m;
    }
    return it_call(method, path, token, body, hdr);
}

/* A replay answers what the first answer said, marked as a replay. */
static void expect_replay(struct it_resp *again, const struct it_resp *first)
{
    it_expect(again, (int)first->status);
    ck_assert_str_eq(again->body, first->body);
    const char *replayed = it_header(again, "Idempotent-Replayed");
    ck_assert_msg(replayed && strcmp(replayed, "true") == 0, "not marked a replay: %s",
                  again->headers);
}

static void expect_key_reused(struct it_resp *r)
{
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/idempotency-key-reused");
}

START_TEST(recording_an_act_once_per_key_and_reading_it_where_located)
{
    struct debtor d;
    char case_id[37], path[192], key[64];
    accepted_case(&d, case_id);
    snprintf(key, sizeof key, "declare-%u", it_unique());
    snprintf(path, sizeof path, "/v1/applications/%s/acts", case_id);
    const char *body = "{\"kind\":\"property_declared\",\"note\":\"all of it\"}";

    struct it_resp *first = keyed("POST", path, d.p.token, body, key, NULL);
    it_expect(first, 201);
    ck_assert_ptr_null(it_header(first, "Idempotent-Replayed"));
    char act[37], location[256];
    snprintf(act, sizeof act, "%s", it_str(first, "id"));
    snprintf(location, sizeof location, "%s/%s", path, act);
    ck_assert_ptr_nonnull(it_header(first, "Location"));
    ck_assert_str_eq(it_header(first, "Location"), location);

    /* the same request again is answered as the first was, and records nothing */
    struct it_resp *again = keyed("POST", path, d.p.token, body, key, NULL);
    expect_replay(again, first);
    ck_assert_str_eq(it_header(again, "Location"), location);
    it_free(again);
    char *sql = it_fmt("SELECT count(*) FROM case_acts WHERE case_id = '%s' AND kind = "
                       "'property_declared'",
                       case_id);
    ck_assert_int_eq(sql_long(sql), 1);
    free(sql);
    sql = it_fmt("SELECT count(*) FROM audit_log WHERE action = 'act.record' AND case_id = '%s'",
                 case_id);
    ck_assert_int_eq(sql_long(sql), 1);
    free(sql);
    /* the key with another body is refused, and records nothing either */
    struct it_resp *r =
        keyed("POST", path, d.p.token, "{\"kind\":\"exempt_list_filed\"}", key, NULL);
    expect_key_reused(r);
    it_free(r);
    sql = it_fmt("SELECT count(*) FROM case_acts WHERE case_id = '%s' AND kind = "
                 "'exempt_list_filed'",
                 case_id);
    ck_assert_int_eq(sql_long(sql), 0);
    free(sql);
    /* without a key, the same body is a second act */
    r = record_act(case_id, d.p.token, body);
    it_expect(r, 201);
    ck_assert_str_ne(it_str(r, "id"), act);
    it_free(r);

    /* the Location answers GET with the act as recorded, and as the list shows it */
    r = it_get(location, d.p.token);
    it_expect(r, 200);
    ck_assert_msg(json_equal(r->json, first->json), "GET %s: %s, recorded %s", location, r->body,
                  first->body);
    char etag[64];
    etag_of(r, etag);
    it_free(r);
    r = it_get(path, court_token());
    it_expect(r, 200);
    json_t *listed_act = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(items_of(r), i, x) if (strcmp(jstr(x, "id"), act) == 0) listed_act = x;
    ck_assert_ptr_nonnull(listed_act);
    ck_assert(json_equal(listed_act, first->json));
    it_free(r);
    it_free(first);
    /* its ETag answers 304 while the act is unchanged; another tag is answered in full */
    char inm[96];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *hdr[] = {inm, NULL};
    r = it_call("GET", location, d.p.token, NULL, hdr);
    it_expect(r, 304);
    ck_assert_str_eq(r->body ? r->body : "", "");
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);
    const char *other[] = {"If-None-Match: \"0000000000000000abcd\"", NULL};
    r = it_call("GET", location, d.p.token, NULL, other);
    it_expect(r, 200);
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);

    /* an act is read only under its own case, and only by those who see the case */
    struct debtor o;
    char other_case[37];
    accepted_case(&o, other_case);
    snprintf(path, sizeof path, "/v1/applications/%s/acts/%s", other_case, act);
    r = it_get(path, court_token());
    it_expect(r, 404);
    it_free(r);
    r = it_get(location, o.p.token);
    it_expect(r, 404);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/acts/11111111-2222-3333-4444-555555555555",
             case_id);
    r = it_get(path, court_token());
    it_expect(r, 404);
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/acts/not-a-uuid", case_id);
    r = it_get(path, court_token());
    it_expect(r, 404);
    it_free(r);
}
END_TEST

START_TEST(a_correction_honours_if_match_and_its_key)
{
    const char *court = court_token();
    struct debtor h;
    char pending[37], path[192], key[64];
    register_debtor(&h);
    debtor_files(&h, "liquidation", NULL, pending);
    struct it_resp *r = record_act(pending, court,
                                   "{\"kind\":\"hearing_scheduled\",\"event_date\":"
                                   "\"2026-02-20\"}");
    it_expect(r, 201);
    snprintf(path, sizeof path, "%s", it_header(r, "Location"));
    it_free(r);
    r = it_get(path, court);
    it_expect(r, 200);
    char read_first[64];
    etag_of(r, read_first);
    it_free(r);

    /* If-Match is not required: a correction without it is made */
    it_auto_if_match = false;
    r = it_patch(path, court,
                 "{\"date\":\"" TODAY "\",\"event_date\":\"2026-03-10\","
                 "\"reason\":\"moved\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "event_date"), "2026-03-10");
    it_free(r);
    /* the version read before that correction is stale: 412, nothing changed */
    r = keyed("PATCH", path, court,
              "{\"date\":\"" TODAY "\",\"event_date\":\"2026-03-12\","
              "\"reason\":\"moved again\"}",
              NULL, read_first);
    it_expect(r, 412);
    ck_assert_str_eq(it_str(r, "type"), "/problems/precondition-failed");
    it_free(r);
    r = it_get(path, court);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "event_date"), "2026-03-10");
    char current[64];
    etag_of(r, current);
    ck_assert_str_ne(current, read_first);
    it_free(r);
    char *sql = it_fmt("SELECT count(*) FROM audit_log WHERE action = 'act.correct' AND "
                       "case_id = '%s'",
                       pending);
    ck_assert_int_eq(sql_long(sql), 1);

    /* the current version is accepted, once per key */
    snprintf(key, sizeof key, "correct-%u", it_unique());
    const char *body =
        "{\"date\":\"" TODAY "\",\"event_date\":\"2026-03-12\",\"reason\":\"again\"}";
    struct it_resp *first = keyed("PATCH", path, court, body, key, current);
    it_expect(first, 200);
    ck_assert_str_eq(it_str(first, "event_date"), "2026-03-12");
    /* the replay is the first answer, even though the tag it names is stale now */
    r = keyed("PATCH", path, court, body, key, current);
    expect_replay(r, first);
    it_free(r);
    r = keyed("PATCH", path, court, "{\"date\":\"" TODAY "\",\"reason\":\"other\"}", key, NULL);
    expect_key_reused(r);
    it_free(r);
    ck_assert_int_eq(sql_long(sql), 2);
    free(sql);
    /* the act reads as the correction answered */
    r = it_get(path, court);
    ck_assert(json_equal(r->json, first->json));
    it_free(r);
    it_free(first);
}
END_TEST

START_TEST(a_waiver_once_per_key)
{
    const char *court = court_token();
    struct debtor d;
    char case_id[37], path[192], key[64];
    accepted_case(&d, case_id);
    struct it_resp *keep;
    json_t *items = case_deadlines(case_id, &keep);
    snprintf(path, sizeof path, "/v1/deadlines/%s/waiver",
             jstr(find_rule(items, "SZ-PROP-EXEMPT-LIST"), "id"));
    char contracts[192];
    snprintf(contracts, sizeof contracts, "/v1/deadlines/%s/waiver",
             jstr(find_rule(items, "SZ-ADM-CONTRACTS"), "id"));
    it_free(keep);
    snprintf(key, sizeof key, "waive-%u", it_unique());
    const char *body = "{\"reason\":\"filed with the application\"}";

    struct it_resp *first = keyed("POST", path, court, body, key, NULL);
    it_expect(first, 200);
    ck_assert_str_eq(it_str(first, "status"), "waived");
    struct it_resp *r = keyed("POST", path, court, body, key, NULL);
    expect_replay(r, first); /* not the 409 of waiving twice */
    it_free(r);
    it_free(first);
    r = it_post(path, court, body);
    it_expect(r, 409);
    it_free(r);
    char *sql = it_fmt("SELECT count(*) FROM audit_log WHERE action = 'deadline.waive' AND "
                       "case_id = '%s'",
                       case_id);
    ck_assert_int_eq(sql_long(sql), 1);
    /* the key names one request: another deadline with it is refused, and stays pending */
    r = keyed("POST", contracts, court, body, key, NULL);
    expect_key_reused(r);
    it_free(r);
    ck_assert_int_eq(sql_long(sql), 1);
    free(sql);
    items = case_deadlines(case_id, &keep);
    expect_deadline(items, "SZ-ADM-CONTRACTS", NULL, "pending");
    expect_deadline(items, "SZ-PROP-EXEMPT-LIST", NULL, "waived");
    it_free(keep);
}
END_TEST

/* The path and query of a Link header's next page, or "" when there is none. */
static void next_link(struct it_resp *r, char out[512])
{
    const char *link = it_header(r, "Link");
    out[0] = '\0';
    if (link == NULL)
        return;
    const char *open = strchr(link, '<'), *close = strchr(link, '>');
    ck_assert_msg(open && close && close > open, "Link %s", link);
    ck_assert_msg(strstr(close, "rel=\"next\"") != NULL, "Link %s", link);
    snprintf(out, 512, "%.*s", (int)(close - open - 1), open + 1);
}

START_TEST(the_dashboard_links_its_next_page)
{
    const char *court = court_token();
    struct debtor d;
    char case_id[37], q[256], link[512];
    accepted_case(&d, case_id); /* five deadlines */

    /* full pages link the next one, keeping the filter; the last (short) page links none */
    snprintf(q, sizeof q, "case_id=%s&limit=2", case_id);
    struct it_resp *r = dashboard(court, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 2);
    next_link(r, link);
    ck_assert_msg(strncmp(link, "/v1/deadlines?", 14) == 0, "Link %s", link);
    char *want = it_fmt("cursor=%s", it_str(r, "next_cursor"));
    ck_assert_msg(strstr(link, want) != NULL, "Link %s lacks %s", link, want);
    free(want);
    ck_assert_msg(strstr(link, case_id) != NULL && strstr(link, "limit=2") != NULL, "Link %s",
                  link);
    it_free(r);
    char ids[5][37];
    int seen = 0, pages = 0;
    snprintf(q, sizeof q, "/v1/deadlines?case_id=%s&limit=2", case_id);
    for (char *next = q; next[0] && pages < 5; pages++) {
        r = it_get(next, court);
        it_expect(r, 200);
        size_t i;
        json_t *x;
        json_array_foreach(items_of(r), i, x)
        {
            ck_assert_int_lt(seen, 5);
            for (int j = 0; j < seen; j++)
                ck_assert_str_ne(ids[j], jstr(x, "id"));
            snprintf(ids[seen++], 37, "%s", jstr(x, "id"));
        }
        bool full = json_array_size(items_of(r)) == 2;
        next_link(r, link);
        ck_assert_msg(full == (link[0] != '\0'), "page %d: %zu items, Link '%s'", pages,
                      json_array_size(items_of(r)), link);
        it_free(r);
        next = link;
    }
    ck_assert_int_eq(seen, 5);
    ck_assert_int_eq(pages, 3);
    /* a page that holds everything there is is not full: no Link */
    snprintf(q, sizeof q, "case_id=%s&limit=6", case_id);
    r = dashboard(court, q);
    ck_assert_int_eq(json_array_size(items_of(r)), 5);
    ck_assert_ptr_null(it_header(r, "Link"));
    ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
    it_free(r);
}
END_TEST

/* ==== 6. the feed under concurrent writers ==== */

#define WRITERS 6
#define CASES_PER_WRITER 5
#define PAGE 7

struct writer {
    int index;
    const char *court;
    struct {
        char sub[64], token[1024], id_number[19];
        char case_id[37];
        bool lifted;
    } cases[CASES_PER_WRITER];
    int changes; /* what this writer put on the feed */
    char err[512];
};

static bool w_fail(struct writer *w, const char *what, struct it_resp *r)
{
    snprintf(w->err, sizeof w->err, "writer %d: %s: %ld %s", w->index, what, r->status, r->body);
    it_free(r);
    return false;
}

static bool write_case(struct writer *w, int k)
{
    char body[2048], path[192], debtor_id[37];
    snprintf(body, sizeof body,
             "{\"name\":\"Concurrent %s\",\"id_number\":\"%s\","
             "\"sez_resident\":true,\"social_insurance_years\":5}",
             w->cases[k].sub, w->cases[k].id_number);
    struct it_resp *r = it_post("/v1/debtors", w->cases[k].token, body);
    if (r->status != 201)
        return w_fail(w, "register", r);
    snprintf(debtor_id, sizeof debtor_id, "%s", it_str(r, "id"));
    it_free(r);
    snprintf(body, sizeof body,
             "{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s}", debtor_id,
             IT_DEBTOR_MATERIALS);
    r = it_post("/v1/applications", w->cases[k].token, body);
    if (r->status != 201)
        return w_fail(w, "file", r);
    snprintf(w->cases[k].case_id, 37, "%s", it_str(r, "id"));
    it_free(r);
    snprintf(path, sizeof path, "/v1/applications/%s/decision", w->cases[k].case_id);
    r = it_post(path, w->court, "{\"outcome\":\"accept\"}");
    if (r->status != 200)
        return w_fail(w, "accept", r);
    it_free(r);
    w->changes += 4;
    if (!w->cases[k].lifted)
        return true;
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/consents", w->cases[k].case_id);
    r = it_post(path, w->court,
                "{\"restriction\":\"exit\",\"purpose\":\"work\",\"reason\":\"fair\","
                "\"from\":\"2026-02-05\",\"to\":\"2026-02-08\"}");
    if (r->status != 200)
        return w_fail(w, "consent", r);
    it_free(r);
    w->changes += 1;
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/lift", w->cases[k].case_id);
    r = it_post(path, w->court, "{\"ground\":\"discharge_ruling\",\"reason\":\"discharged\"}");
    if (r->status != 200)
        return w_fail(w, "lift", r);
    it_free(r);
    w->changes += 4;
    return true;
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    for (int k = 0; k < CASES_PER_WRITER; k++)
        if (!write_case(w, k))
            break;
    return NULL;
}

struct seen {
    long long seq;
    char case_id[37];
    char change[20];
};

struct poller {
    const char *token;
    char start[24];
    atomic_bool *writers_done;
    struct seen *seen;
    size_t n, cap;
    int polls, polls_while_writing, not_modified;
    char err[512];
};

/* Polls small pages until the writers are done and one more (unconditional) poll is empty.
 * After an empty page the next poll sends that page's ETag, so the cheap 304 path is
 * exercised while writers commit; a 304 counts as an empty page but never ends the loop. */
static void *poller_main(void *arg)
{
    struct poller *p = arg;
    char cursor[24], path[160], inm[100] = "";
    snprintf(cursor, sizeof cursor, "%s", p->start);
    long long last = strtoll(p->start, NULL, 10);
    for (;;) {
        /* read before polling: an empty page after the writers finished is the end */
        bool done = atomic_load(p->writers_done);
        snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s&limit=%d", cursor, PAGE);
        const char *hdr[] = {inm, NULL};
        bool conditional = inm[0] != '\0' && !done;
        struct it_resp *r = it_call("GET", path, p->token, NULL, conditional ? hdr : NULL);
        p->polls++;
        if (!done)
            p->polls_while_writing++;
        if (conditional && r->status == 304) {
            p->not_modified++;
            it_free(r);
            usleep(2000);
            continue;
        }
        if (r->status != 200 || r->json == NULL) {
            snprintf(p->err, sizeof p->err, "poll after %s: %ld %s", cursor, r->status, r->body);
            it_free(r);
            return NULL;
        }
        json_t *items = items_of(r);
        size_t n = json_array_size(items);
        if (n > PAGE) {
            snprintf(p->err, sizeof p->err, "page of %zu items with limit %d", n, PAGE);
            it_free(r);
            return NULL;
        }
        size_t i;
        json_t *c;
        json_array_foreach(items, i, c)
        {
            const char *cur = jstr(c, "cursor");
            long long seq = cur ? strtoll(cur, NULL, 10) : -1;
            if (seq <= last) {
                snprintf(p->err, sizeof p->err, "cursor %lld after %lld (asked after %s)", seq,
                         last, cursor);
                it_free(r);
                return NULL;
            }
            last = seq;
            if (p->n == p->cap) {
                p->cap = p->cap ? 2 * p->cap : 256;
                p->seen = realloc(p->seen, p->cap * sizeof *p->seen);
            }
            struct seen *s = &p->seen[p->n++];
            s->seq = seq;
            snprintf(s->case_id, sizeof s->case_id, "%s",
                     jstr(c, "case_id") ? jstr(c, "case_id") : "");
            snprintf(s->change, sizeof s->change, "%s", jstr(c, "change") ? jstr(c, "change") : "");
        }
        const char *next = it_str(r, "next_cursor");
        if (next == NULL || (n > 0 && strtoll(next, NULL, 10) != last)) {
            snprintf(p->err, sizeof p->err, "next_cursor %s, last item %lld",
                     next ? next : "(none)", last);
            it_free(r);
            return NULL;
        }
        snprintf(cursor, sizeof cursor, "%s", next);
        const char *etag = it_header(r, "ETag");
        if (n == 0 && etag)
            snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
        else
            inm[0] = '\0';
        it_free(r);
        if (n == 0 && done)
            return NULL;
        if (n == 0)
            usleep(2000);
    }
}

START_TEST(the_feed_holds_under_concurrent_writers)
{
    struct it_party agency;
    it_party(&agency, "agency", "tax-bureau");
    struct it_resp *r = feed(agency.token, NULL, 1);
    it_expect(r, 200);
    struct poller p = {.token = agency.token};
    snprintf(p.start, sizeof p.start, "%s", it_str(r, "head"));
    it_free(r);

    /* every token and identity number is made here: the harness's counters are not shared */
    static struct writer writers[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        writers[w].index = w;
        writers[w].court = court_token();
        writers[w].changes = 0;
        writers[w].err[0] = '\0';
        for (int k = 0; k < CASES_PER_WRITER; k++) {
            struct it_party d;
            it_party(&d, "debtor", "concurrent");
            snprintf(writers[w].cases[k].sub, 64, "%s", d.sub);
            it_idnumber(it_unique(), writers[w].cases[k].id_number);
            it_party_vouched(&d, writers[w].cases[k].id_number);
            snprintf(writers[w].cases[k].token, 1024, "%s", d.token);
            writers[w].cases[k].case_id[0] = '\0';
            writers[w].cases[k].lifted = (w * CASES_PER_WRITER + k) % 2 == 1;
        }
    }
    atomic_bool done = false;
    p.writers_done = &done;
    pthread_t poll_thread, threads[WRITERS];
    ck_assert_int_eq(pthread_create(&poll_thread, NULL, poller_main, &p), 0);
    for (int w = 0; w < WRITERS; w++)
        ck_assert_int_eq(pthread_create(&threads[w], NULL, writer_main, &writers[w]), 0);
    for (int w = 0; w < WRITERS; w++)
        pthread_join(threads[w], NULL);
    atomic_store(&done, true);
    pthread_join(poll_thread, NULL);

    int expected = 0;
    for (int w = 0; w < WRITERS; w++) {
        ck_assert_msg(writers[w].err[0] == '\0', "%s", writers[w].err);
        expected += writers[w].changes;
    }
    ck_assert_int_eq(expected,
                     WRITERS * CASES_PER_WRITER * 4 + (WRITERS * CASES_PER_WRITER / 2) * 5);
    ck_assert_msg(p.err[0] == '\0', "poller: %s", p.err);
    ck_assert_msg(p.polls > expected / PAGE, "the poller paged %d times for %d changes", p.polls,
                  expected);
    ck_assert_msg(p.polls_while_writing > 0, "the poller never ran alongside the writers");

    /* the poller saw exactly what the database holds after its start, in order */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM restriction_changes WHERE seq > %s", p.start);
    ck_assert_int_eq(sql_long(sql), expected);
    ck_assert_int_eq((int)p.n, expected);
    snprintf(sql, sizeof sql,
             "SELECT string_agg(seq::text, ',' ORDER BY seq) FROM restriction_changes "
             "WHERE seq > %s",
             p.start);
    bool ok;
    char *db_list = it_sql(sql, &ok);
    ck_assert(ok && db_list);
    size_t cap = p.n * 21 + 1, len = 0;
    char *polled = calloc(1, cap);
    for (size_t i = 0; i < p.n; i++)
        len += (size_t)snprintf(polled + len, cap - len, "%s%lld", i ? "," : "", p.seen[i].seq);
    ck_assert_str_eq(polled, db_list);
    free(polled);
    free(db_list);

    /* each case's changes in the order they were made */
    for (int w = 0; w < WRITERS; w++)
        for (int k = 0; k < CASES_PER_WRITER; k++) {
            const char *id = writers[w].cases[k].case_id;
            const char *order[9];
            int n = 0;
            for (size_t i = 0; i < p.n; i++)
                if (strcmp(p.seen[i].case_id, id) == 0) {
                    ck_assert_msg(n < 9, "case %s has more than 9 changes", id);
                    order[n++] = p.seen[i].change;
                }
            ck_assert_int_eq(n, writers[w].cases[k].lifted ? 9 : 4);
            for (int j = 0; j < n; j++) {
                const char *want = j < 4 ? "imposed" : j == 4 ? "consent_granted" : "lifted";
                ck_assert_msg(strcmp(order[j], want) == 0, "case %s change %d is %s, expected %s",
                              id, j, order[j], want);
            }
        }
    free(p.seen);
}
END_TEST

/* ==== 7. what the runner adds on the restriction routes ==== */

static struct it_resp *get_with(const char *path, const char *token, const char *header)
{
    const char *hdr[] = {header, NULL};
    return it_call("GET", path, token, NULL, hdr);
}

static struct it_resp *post_with(const char *path, const char *token, const char *body,
                                 const char *header)
{
    const char *hdr[] = {header, NULL};
    return it_call("POST", path, token, body, hdr);
}

static const char *first_error_field(struct it_resp *r)
{
    return jstr(json_array_get(json_object_get(r->json, "errors"), 0), "field");
}

START_TEST(the_feed_takes_a_cursor_and_links_its_pages)
{
    struct it_party agency;
    it_party(&agency, "agency", "airline");
    long start = sql_long("SELECT coalesce(max(seq), 0) FROM restriction_changes");
    struct debtor d;
    char case_id[37], path[192];
    accepted_case(&d, case_id);
    long head = sql_long("SELECT coalesce(max(seq), 0) FROM restriction_changes");
    char *q = it_fmt("SELECT count(*) FROM restriction_changes WHERE seq > %ld", start);
    long n = sql_long(q);
    free(q);
    ck_assert_int_ge(n, 3);

    /* cursor= is after= under the name every list uses */
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld&limit=2", start);
    struct it_resp *by_after = it_get(path, agency.token);
    it_expect(by_after, 200);
    snprintf(path, sizeof path, "/v1/restrictions/changes?cursor=%ld&limit=2", start);
    struct it_resp *by_cursor = it_get(path, agency.token);
    it_expect(by_cursor, 200);
    ck_assert_int_eq(json_array_size(items_of(by_after)), 2);
    ck_assert_str_eq(by_cursor->body, by_after->body);
    it_free(by_cursor);
    it_free(by_after);

    /* a full page links to the next; following the links reads every change once, and the
     * page that is not full has no link and resumes at the head */
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld&limit=2", start);
    long read = 0, prev = start;
    for (int pages = 0; path[0]; pages++) {
        ck_assert_int_lt(pages, 10);
        struct it_resp *r = it_get(path, agency.token);
        it_expect(r, 200);
        json_t *items = items_of(r);
        size_t i;
        json_t *c;
        json_array_foreach(items, i, c)
        {
            long seq = strtol(jstr(c, "cursor"), NULL, 10);
            ck_assert_int_gt(seq, prev);
            prev = seq;
            read++;
        }
        it_link_next(r, path, sizeof path);
        if (path[0]) {
            ck_assert_int_eq((int)json_array_size(items), 2);
            char *want =
                it_fmt("/v1/restrictions/changes?limit=2&cursor=%s", it_str(r, "next_cursor"));
            ck_assert_str_eq(path, want); /* after= gives way to the cursor */
            free(want);
        } else {
            ck_assert_int_lt((int)json_array_size(items), 2);
            ck_assert_int_eq(strtol(it_str(r, "next_cursor"), NULL, 10), head);
        }
        it_free(r);
    }
    ck_assert_int_eq(read, n);

    /* a position beyond the head was never handed out: 400 naming the head */
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld", head + 1000);
    struct it_resp *r = it_get(path, agency.token);
    it_expect(r, 400);
    ck_assert_int_eq(strtol(it_str(r, "head"), NULL, 10), head);
    ck_assert_str_eq(first_error_field(r), "after");
    it_free(r);
    snprintf(path, sizeof path, "/v1/restrictions/changes?cursor=%ld", head + 1);
    r = it_get(path, agency.token);
    it_expect(r, 400);
    ck_assert_int_eq(strtol(it_str(r, "head"), NULL, 10), head);
    ck_assert_str_eq(first_error_field(r), "cursor");
    it_free(r);
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld&cursor=%ld", start, start);
    r = it_get(path, agency.token);
    expect_field(r, 400, "cursor");
    it_free(r);
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld", head); /* the head itself */
    r = it_get(path, agency.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(items_of(r)), 0);
    it_free(r);
}
END_TEST

START_TEST(the_feed_etag_names_the_head)
{
    struct it_party agency;
    it_party(&agency, "agency", "rail");
    long start = sql_long("SELECT coalesce(max(seq), 0) FROM restriction_changes");
    struct debtor d;
    char case_id[37], path[160], etag[64], inm[100], want[64];
    accepted_case(&d, case_id);
    long head = sql_long("SELECT coalesce(max(seq), 0) FROM restriction_changes");
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld", start);
    struct it_resp *r = it_get(path, agency.token);
    it_expect(r, 200);
    /* the page names the database its positions belong to: 16 hex digits, the same as
     * PostgreSQL's feed_epoch() */
    bool ok;
    char *epoch = it_sql("SELECT feed_epoch()", &ok);
    ck_assert(ok && epoch != NULL && strlen(epoch) == 16);
    ck_assert_str_eq(it_str(r, "epoch"), epoch);
    snprintf(want, sizeof want, "\"feed-%s-%ld\"", epoch, head);
    ck_assert_str_eq(etag_of(r, etag), want);
    size_t behind = json_array_size(items_of(r));
    ck_assert_uint_gt(behind, 0);
    it_free(r);
    /* the unit says which epoch its position is of: the same one reads on */
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld&epoch=%s", start, epoch);
    r = it_get(path, agency.token);
    it_expect(r, 200);
    ck_assert_uint_eq(json_array_size(items_of(r)), behind);
    it_free(r);
    /* another epoch (its database was restored or replaced): 409, naming the epoch and the
     * head to start again from, even though the position is not beyond the head */
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld&epoch=0123456789abcdef", start);
    r = it_get(path, agency.token);
    it_expect(r, 409);
    ck_assert_str_eq(it_str(r, "epoch"), epoch);
    char head_text[24];
    snprintf(head_text, sizeof head_text, "%ld", head);
    ck_assert_str_eq(it_str(r, "head"), head_text);
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "resynchronise"));
    it_free(r);
    free(epoch);
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%ld", start);
    /* a poller behind the head that sends the head's ETag still gets the changes it has
     * not read (the tag names the head, not its page) */
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    r = get_with(path, agency.token, inm);
    it_expect(r, 200);
    ck_assert_uint_eq(json_array_size(items_of(r)), behind);
    it_free(r);
    /* caught up: 304 */
    snprintf(path, sizeof path, "/v1/restrictions/changes?cursor=%ld", head);
    r = conditional_until_304(path, agency.token, inm, etag);
    it_expect(r, 304);
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);
}
END_TEST

/* Sends the request twice with one key (the same reply, marked replayed) and once with
 * another body (refused); returns the first reply. */
static struct it_resp *replayed(const char *path, const char *token, const char *body,
                                const char *other)
{
    char key[64];
    snprintf(key, sizeof key, "Idempotency-Key: rst-%u", it_unique());
    struct it_resp *first = post_with(path, token, body, key);
    it_expect(first, 200);
    ck_assert_ptr_null(it_header(first, "Idempotent-Replayed"));
    struct it_resp *again = post_with(path, token, body, key);
    it_expect(again, 200);
    ck_assert_str_eq(again->body, first->body);
    ck_assert_str_eq(it_header(again, "Idempotent-Replayed"), "true");
    it_free(again);
    struct it_resp *reused = post_with(path, token, other, key);
    it_expect(reused, 422);
    ck_assert_str_eq(it_str(reused, "type"), "/problems/idempotency-key-reused");
    it_free(reused);
    return first;
}

static long case_count(const char *sql_with_case, const char *case_id)
{
    char *q = it_fmt(sql_with_case, case_id);
    long n = sql_long(q);
    free(q);
    return n;
}

START_TEST(consents_and_lifts_replay_an_idempotency_key)
{
    const char *court = court_token();
    struct debtor d;
    char case_id[37], path[192];
    accepted_case(&d, case_id);
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/consents", case_id);
    struct it_resp *r = replayed(path, court,
                                 "{\"restriction\":\"exit\",\"purpose\":\"work\",\"reason\":"
                                 "\"a fair\",\"from\":\"" TODAY "\",\"to\":\"2026-02-10\"}",
                                 "{\"restriction\":\"exit\",\"purpose\":\"work\",\"reason\":"
                                 "\"another fair\",\"from\":\"" TODAY "\",\"to\":\"2026-02-10\"}");
    ck_assert_int_eq(json_array_size(json_object_get(find_kind(items_of(r), "exit"), "consents")),
                     1);
    it_free(r);
    ck_assert_int_eq(
        case_count("SELECT count(*) FROM restriction_consents WHERE case_id = '%s'", case_id), 1);
    ck_assert_int_eq(case_count("SELECT count(*) FROM restriction_changes WHERE case_id = '%s' "
                                "AND change = 'consent_granted'",
                                case_id),
                     1);
    long active = case_count("SELECT count(*) FROM restrictions WHERE case_id = '%s'", case_id);
    ck_assert_int_gt(active, 0);
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions/lift", case_id);
    r = replayed(path, court, "{\"ground\":\"discharge_ruling\",\"reason\":\"discharged\"}",
                 "{\"ground\":\"discharge_ruling\",\"reason\":\"discharged again\"}");
    ck_assert_str_eq(jstr(json_array_get(items_of(r), 0), "status"), "lifted");
    it_free(r);
    ck_assert_int_eq(case_count("SELECT count(*) FROM restriction_changes WHERE case_id = '%s' "
                                "AND change = 'lifted'",
                                case_id),
                     active);
    ck_assert_int_eq(case_count("SELECT count(*) FROM audit_log WHERE case_id = '%s' "
                                "AND action = 'restrictions.lift'",
                                case_id),
                     1);
}
END_TEST

START_TEST(restriction_reads_carry_an_etag_and_checks_link)
{
    const char *court = court_token();
    struct debtor d;
    struct it_party agency;
    it_party(&agency, "agency", "bank-kyc");
    char case_id[37], path[192], etag[64], inm[100];
    accepted_case(&d, case_id);
    snprintf(path, sizeof path, "/v1/applications/%s/restrictions", case_id);
    struct it_resp *r = it_get(path, court);
    it_expect(r, 200);
    etag_of(r, etag);
    it_free(r);
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    r = get_with(path, court, inm);
    it_expect(r, 304);
    ck_assert_int_eq((int)strlen(r->body), 0);
    it_free(r);

    /* the person check: an ETag, and a 304 is still a check the debtor sees */
    const char *count_checks = "SELECT count(*) FROM restriction_checks WHERE debtor_id = '%s'";
    r = check_person(agency.token, d.id_number);
    it_expect(r, 200);
    etag_of(r, etag);
    it_free(r);
    ck_assert_int_eq(case_count(count_checks, d.id), 1);
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    snprintf(path, sizeof path, "/v1/restrictions/check?id_number=%s", d.id_number);
    r = get_with(path, agency.token, inm);
    it_expect(r, 304);
    it_free(r);
    ck_assert_int_eq(case_count(count_checks, d.id), 2);
    r = check_person(agency.token, d.id_number);
    it_expect(r, 200);
    it_free(r);

    /* three checks in pages of two: the full page links to the rest, the rest does not */
    snprintf(path, sizeof path, "/v1/debtors/%s/restriction-checks?limit=2", d.id);
    r = it_get(path, d.p.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(items_of(r)), 2);
    it_link_next(r, path, sizeof path);
    char *want = it_fmt("/v1/debtors/%s/restriction-checks?limit=2&cursor=%s", d.id,
                        it_str(r, "next_cursor"));
    ck_assert_str_eq(path, want);
    free(want);
    it_free(r);
    r = it_get(path, d.p.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(items_of(r)), 1);
    ck_assert_ptr_null(it_header(r, "Link"));
    it_free(r);
}
END_TEST

static Suite *case_life_suite(void)
{
    Suite *s = suite_create("case_life");
    TCase *tc = tcase_create("case_life");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, the_whole_path);
    tcase_add_test(tc, roles_are_refused);
    tcase_add_test(tc, acts_open_and_meet_deadlines);
    tcase_add_test(tc, a_corrected_date_moves_its_deadlines);
    tcase_add_test(tc, a_correction_keeps_the_event_after_the_act);
    tcase_add_test(tc, ended_applications_close_and_new_triggers_reopen);
    tcase_add_test(tc, a_joint_case_binds_both_spouses);
    tcase_add_test(tc, a_deadline_waits_for_its_calendar_year);
    tcase_add_test(tc, the_deadline_dashboard);
    tcase_add_test(tc, recording_an_act_once_per_key_and_reading_it_where_located);
    tcase_add_test(tc, a_correction_honours_if_match_and_its_key);
    tcase_add_test(tc, a_waiver_once_per_key);
    tcase_add_test(tc, the_dashboard_links_its_next_page);
    tcase_add_test(tc, the_feed_holds_under_concurrent_writers);
    tcase_add_test(tc, the_feed_takes_a_cursor_and_links_its_pages);
    tcase_add_test(tc, the_feed_etag_names_the_head);
    tcase_add_test(tc, consents_and_lifts_replay_an_idempotency_key);
    tcase_add_test(tc, restriction_reads_carry_an_etag_and_checks_link);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=2026-02-05", NULL};
IT_MAIN("case_life", case_life_suite, env)
