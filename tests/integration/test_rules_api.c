/* test_rules_api.c: the rule catalogue (public, cacheable, complete against RULES.md), the
 * computations on caller-supplied figures (deadlines rolled over the court calendar, vote
 * tallies with strict fractions, the liquidation waterfall with exact fen rounding) and the
 * court calendar (public reads, court-only audited replacement that deadlines then use).
 * Expected values are worked out by hand from the law and the seeded 2026 calendar of
 * migrations/0002_calendar.sql (= tests/data/cn-2025-2026.csv); the comments show the sums. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SZ "shenzhen-2021"
#define PRC "prc-draft-2000"

/* ---- helpers ------------------------------------------------------------------------ */

/* A member by path: "rule.id", "skipped[2].name", "shares[0].paid"; NULL when absent. */
static json_t *jp(json_t *v, const char *path)
{
    const char *p = path;
    while (v != NULL && *p) {
        if (*p == '[') {
            char *end;
            unsigned long i = strtoul(p + 1, &end, 10);
            v = json_array_get(v, i);
            p = *end == ']' ? end + 1 : end;
        } else {
            size_t n = strcspn(p, ".[");
            char key[64];
            snprintf(key, sizeof key, "%.*s", (int)n, p);
            v = json_object_get(v, key);
            p += n;
        }
        if (*p == '.')
            p++;
    }
    return v;
}

static const char *js(struct it_resp *r, const char *path)
{
    const char *s = json_string_value(jp(r->json, path));
    ck_assert_msg(s != NULL, "no string at %s in %s", path, r->body);
    return s;
}

static long long ji(struct it_resp *r, const char *path)
{
    json_t *v = jp(r->json, path);
    ck_assert_msg(json_is_integer(v), "no integer at %s in %s", path, r->body);
    return json_integer_value(v);
}

static bool jb(struct it_resp *r, const char *path)
{
    json_t *v = jp(r->json, path);
    ck_assert_msg(json_is_boolean(v), "no boolean at %s in %s", path, r->body);
    return json_is_true(v);
}

static size_t jlen(struct it_resp *r, const char *path)
{
    json_t *v = jp(r->json, path);
    ck_assert_msg(json_is_array(v), "no array at %s in %s", path, r->body);
    return json_array_size(v);
}

/* An amount string "1234.56" of a reply, in fen (the API never sends floats). */
static int64_t fen_at(struct it_resp *r, const char *path)
{
    const char *s = js(r, path);
    long long yuan = 0, cents = 0;
    int used = 0;
    ck_assert_msg(sscanf(s, "%lld.%2lld%n", &yuan, &cents, &used) == 2 && s[used] == '\0' &&
                      strlen(strchr(s, '.')) == 3,
                  "%s is not an amount string: %s", path, s);
    return yuan * 100 + cents;
}

/* The input form of an amount in fen: "100.01". */
static void yuan(int64_t fen, char out[32])
{
    snprintf(out, 32, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* A 400 whose errors name field (exactly). */
static void expect_field(struct it_resp *r, const char *field)
{
    it_expect(r, 400);
    ck_assert_str_eq(it_str(r, "type"), "/problems/validation");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r->json, "errors"), i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        if (f != NULL && strcmp(f, field) == 0)
            return;
    }
    ck_abort_msg("no error names %s: %s", field, r->body);
}

/* A 422 /problems/rule naming rule (and field, when given). */
static void expect_rule(struct it_resp *r, const char *rule, const char *field)
{
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/rule");
    ck_assert_str_eq(js(r, "rule.id"), rule);
    ck_assert(strlen(js(r, "rule.citation")) > 0);
    if (field != NULL)
        ck_assert_str_eq(js(r, "errors[0].field"), field);
}

/* Calls with a token of role (freed here). */
static struct it_resp *call_as(const char *role, const char *method, const char *path,
                               const char *body)
{
    char *t = role ? it_token(role, "rules-api-user") : NULL;
    struct it_resp *r = it_call(method, path, t, body, NULL);
    free(t);
    return r;
}

/* POST /v1/rules/{id}/deadline as an administrator. */
static struct it_resp *deadline(const char *rule, const char *body)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/rules/%s/deadline", rule);
    return call_as("administrator", "POST", path, body);
}

static struct it_resp *deadline_from(const char *rule, const char *trigger)
{
    char body[96];
    snprintf(body, sizeof body, "{\"trigger\":\"%s\"}", trigger);
    return deadline(rule, body);
}

static void expect_due(struct it_resp *r, const char *rule, const char *raw_end, const char *due,
                       size_t nskipped)
{
    it_expect(r, 200);
    ck_assert_str_eq(js(r, "rule_id"), rule);
    ck_assert(strlen(js(r, "citation")) > 0);
    ck_assert_str_eq(js(r, "raw_end"), raw_end);
    ck_assert_str_eq(js(r, "due"), due);
    ck_assert_ptr_nonnull(jp(r->json, "error"));
    ck_assert(json_is_null(jp(r->json, "error")));
    ck_assert_uint_eq(jlen(r, "skipped"), nskipped);
}

static void expect_skip(struct it_resp *r, size_t i, const char *date, const char *reason,
                        const char *name)
{
    char p[48];
    snprintf(p, sizeof p, "skipped[%zu].date", i);
    ck_assert_str_eq(js(r, p), date);
    snprintf(p, sizeof p, "skipped[%zu].reason", i);
    ck_assert_str_eq(js(r, p), reason);
    snprintf(p, sizeof p, "skipped[%zu].name", i);
    ck_assert_str_eq(js(r, p), name);
}

static struct it_resp *tally(const char *body)
{
    return call_as("creditor", "POST", "/v1/rules/tally", body);
}

static struct it_resp *distribute(const char *body)
{
    return call_as("administrator", "POST", "/v1/rules/distribution", body);
}

/* The entry of a rules array with id, or NULL. */
static json_t *rule_in(json_t *rules, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r)
    {
        const char *s = json_string_value(json_object_get(r, "id"));
        if (s != NULL && strcmp(s, id) == 0)
            return r;
    }
    return NULL;
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

/* ---- the catalogue ------------------------------------------------------------------- */

START_TEST(catalogue_is_public_and_lists_every_rules_md_id)
{
    struct it_resp *all = it_get("/v1/rules", NULL);
    it_expect(all, 200);
    ck_assert_str_eq(it_header(all, "Content-Type"), "application/json");
    ck_assert_str_eq(it_str(all, "default_profile"), SZ);
    ck_assert_uint_eq(jlen(all, "profiles"), 2);
    ck_assert_ptr_nonnull(rule_in(jp(all->json, "profiles"), SZ));
    ck_assert_ptr_nonnull(rule_in(jp(all->json, "profiles"), PRC));
    ck_assert_str_eq(
        json_string_value(json_object_get(rule_in(jp(all->json, "profiles"), PRC), "base")), SZ);
    struct it_resp *sz = it_get("/v1/rules?profile=" SZ, NULL);
    struct it_resp *prc = it_get("/v1/rules?profile=" PRC, NULL);
    it_expect(sz, 200);
    it_expect(prc, 200);

    const char *path = getenv("RULES_MD") ? getenv("RULES_MD") : "tests/data/RULES.md";
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "RULES.md not found at %s (set RULES_MD)", path);
    char line[4096];
    int nsz = 0, nprc = 0;
    while (fgets(line, sizeof line, f)) {
        bool is_prc = strncmp(line, "| PRC-", 6) == 0;
        if (strncmp(line, "| SZ-", 5) != 0 && !is_prc)
            continue;
        char id[64];
        ck_assert(sscanf(line + 2, "%63[A-Z0-9-]", id) == 1);
        json_t *r = rule_in(jp(all->json, "rules"), id);
        ck_assert_msg(r != NULL, "%s (RULES.md) is not in GET /v1/rules", id);
        ck_assert_str_eq(json_string_value(json_object_get(r, "profile")), is_prc ? PRC : SZ);
        ck_assert_msg(json_string_length(json_object_get(r, "citation")) > 0, "%s has no citation",
                      id);
        /* and it is in force in its own profile */
        ck_assert_msg(rule_in(jp((is_prc ? prc : sz)->json, "rules"), id) != NULL,
                      "%s is not listed in its profile", id);
        is_prc ? nprc++ : nsz++;
    }
    fclose(f);
    ck_assert_msg(nsz + nprc >= 100 && nprc > 0, "only %d + %d ids read from %s", nsz, nprc, path);
    /* a stand-in replaces its base rule in the profile's listing */
    ck_assert_ptr_nonnull(rule_in(jp(prc->json, "rules"), "PRC-CLM-PERIOD"));
    ck_assert_ptr_null(rule_in(jp(prc->json, "rules"), "SZ-CLM-PERIOD"));
    ck_assert_ptr_null(rule_in(jp(sz->json, "rules"), "PRC-CLM-PERIOD"));
    it_free(all);
    it_free(sz);
    it_free(prc);
}
END_TEST

START_TEST(catalogue_filters_and_refuses_bad_queries)
{
    struct it_resp *r = it_get("/v1/rules?kind=vote", NULL);
    it_expect(r, 200);
    size_t n = jlen(r, "rules");
    ck_assert(n >= 4);
    for (size_t i = 0; i < n; i++) {
        char p[48];
        snprintf(p, sizeof p, "rules[%zu].kind", i);
        ck_assert_str_eq(js(r, p), "vote");
    }
    ck_assert_ptr_nonnull(rule_in(jp(r->json, "rules"), "SZ-MTG-RESOLUTION"));
    it_free(r);
    /* PRC Art. 54 stands in for the Shenzhen resolution rule */
    r = it_get("/v1/rules?kind=vote&profile=" PRC, NULL);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(rule_in(jp(r->json, "rules"), "PRC-MTG-RESOLUTION"));
    ck_assert_ptr_null(rule_in(jp(r->json, "rules"), "SZ-MTG-RESOLUTION"));
    it_free(r);

    r = it_get("/v1/rules?profile=nope", NULL);
    expect_field(r, "profile");
    it_free(r);
    r = it_get("/v1/rules?kind=bogus", NULL);
    expect_field(r, "kind");
    it_free(r);
    r = it_get("/v1/rules?foo=1", NULL);
    expect_field(r, "foo");
    it_free(r);
}
END_TEST

START_TEST(catalogue_is_cacheable_with_etag)
{
    struct it_resp *r = it_get("/v1/rules", NULL);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(it_header(r, "Cache-Control"));
    ck_assert_ptr_nonnull(strstr(it_header(r, "Cache-Control"), "public"));
    ck_assert_ptr_nonnull(it_header(r, "ETag"));
    char etag[128], inm[160];
    snprintf(etag, sizeof etag, "%s", it_header(r, "ETag"));
    ck_assert(strlen(etag) > 2 && etag[0] == '"');
    it_free(r);

    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *const hdr[] = {inm, NULL};
    r = it_call("GET", "/v1/rules", NULL, NULL, hdr);
    it_expect(r, 304);
    ck_assert_str_eq(r->body, "");
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);

    /* another query is another representation: the old validator does not match */
    r = it_call("GET", "/v1/rules?kind=vote", NULL, NULL, hdr);
    it_expect(r, 200);
    ck_assert_str_ne(it_header(r, "ETag"), etag);
    it_free(r);

    /* a single rule revalidates the same way */
    r = it_get("/v1/rules/SZ-MTG-RESOLUTION", NULL);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(strstr(it_header(r, "Cache-Control"), "public"));
    snprintf(inm, sizeof inm, "If-None-Match: %s", it_header(r, "ETag"));
    it_free(r);
    r = it_call("GET", "/v1/rules/SZ-MTG-RESOLUTION", NULL, NULL, hdr);
    it_expect(r, 304);
    ck_assert_str_eq(r->body, "");
    it_free(r);
}
END_TEST

START_TEST(single_rule_by_id_and_profile)
{
    struct it_resp *r = it_get("/v1/rules/SZ-APP-CREDITOR-MIN", NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "id"), "SZ-APP-CREDITOR-MIN");
    ck_assert_str_eq(it_str(r, "profile"), SZ);
    ck_assert_str_eq(it_str(r, "kind"), "threshold");
    /* more than RMB 500,000 = 500000 * 100 fen */
    ck_assert_int_eq(ji(r, "params.min_exclusive_fen"), 50000000);
    ck_assert_ptr_nonnull(strstr(js(r, "citation"), "002 [Bankruptcy Application]"));
    it_free(r);

    r = it_get("/v1/rules/SZ-CLM-PERIOD", NULL);
    it_expect(r, 200);
    ck_assert_int_eq(ji(r, "params.min_days"), 30);
    ck_assert_int_eq(ji(r, "params.max_days"), 60);
    it_free(r);
    /* the PRC draft's Art. 38 stands in: 30 to 90 days */
    r = it_get("/v1/rules/SZ-CLM-PERIOD?profile=" PRC, NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "id"), "PRC-CLM-PERIOD");
    ck_assert_str_eq(it_str(r, "profile"), PRC);
    ck_assert_int_eq(ji(r, "params.min_days"), 30);
    ck_assert_int_eq(ji(r, "params.max_days"), 90);
    ck_assert_str_eq(it_str(r, "citation"), "004 Art. 38");
    it_free(r);

    r = it_get("/v1/rules/PRC-REO-PERIOD?profile=" PRC, NULL);
    it_expect(r, 200);
    ck_assert_int_eq(ji(r, "params.months"), 12);
    it_free(r);
    r = it_get("/v1/rules/PRC-REO-PERIOD?profile=" SZ, NULL); /* not a Shenzhen rule */
    it_expect(r, 404);
    it_free(r);
    r = it_get("/v1/rules/SZ-NO-SUCH-RULE", NULL);
    it_expect(r, 404);
    ck_assert_str_eq(it_str(r, "type"), "/problems/not-found");
    it_free(r);
    r = it_get("/v1/rules/SZ-APP-DECIDE?profile=nope", NULL);
    expect_field(r, "profile");
    it_free(r);
    r = it_get("/v1/rules/SZ-APP-DECIDE?kind=vote", NULL);
    expect_field(r, "kind");
    it_free(r);
}
END_TEST

/* ---- deadlines ----------------------------------------------------------------------- */

START_TEST(deadline_on_make_up_saturday_is_not_rolled)
{
    /* SZ-APP-DECIDE, 30 days: 2026-01-15 + 30 = 2026-02-14, a Saturday the 2026 calendar
     * makes a working day (Spring Festival make-up): the period ends that day */
    struct it_resp *r = deadline_from("SZ-APP-DECIDE", "2026-01-15");
    expect_due(r, "SZ-APP-DECIDE", "2026-02-14", "2026-02-14", 0);
    ck_assert_str_eq(it_str(r, "trigger"), "2026-01-15");
    ck_assert_int_eq(ji(r, "amount"), 30);
    ck_assert_str_eq(it_str(r, "unit"), "days");
    ck_assert_str_eq(it_str(r, "roll"), "forward");
    ck_assert(!jb(r, "in_advance"));
    it_free(r);
}
END_TEST

START_TEST(deadline_on_spring_festival_rolls_past_it)
{
    /* 2026-01-17 + 30 = 2026-02-16 (Monday, Spring Festival). The festival runs 02-15 to
     * 02-23 (the 21st and 22nd are its weekend days): 02-16..02-23 are skipped, eight
     * days, and the period ends on Tuesday 2026-02-24 */
    struct it_resp *r = deadline_from("SZ-APP-DECIDE", "2026-01-17");
    expect_due(r, "SZ-APP-DECIDE", "2026-02-16", "2026-02-24", 8);
    static const char *const days[] = {"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                                       "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"};
    for (size_t i = 0; i < 8; i++)
        expect_skip(r, i, days[i], "holiday", "Spring Festival");
    it_free(r);
}
END_TEST

START_TEST(deadline_on_ordinary_sunday_rolls_to_monday)
{
    /* SZ-APP-APPEAL, 10 days: 2026-03-05 + 10 = 2026-03-15, a Sunday with no holiday
     * nearby: skipped as weekend, the period ends on Monday 2026-03-16 */
    struct it_resp *r = deadline_from("SZ-APP-APPEAL", "2026-03-05");
    expect_due(r, "SZ-APP-APPEAL", "2026-03-15", "2026-03-16", 1);
    expect_skip(r, 0, "2026-03-15", "weekend", "weekend");
    it_free(r);
    /* ending on a plain Wednesday: 2026-03-01 + 10 = 2026-03-11, nothing to roll */
    r = deadline_from("SZ-APP-APPEAL", "2026-03-01");
    expect_due(r, "SZ-APP-APPEAL", "2026-03-11", "2026-03-11", 0);
    it_free(r);
}
END_TEST

START_TEST(deadline_in_advance_rolls_back_over_national_day)
{
    /* SZ-MTG-NOTICE, 15 days in advance of a meeting on 2026-10-16: 10-16 - 15 = 10-01,
     * National Day; the notice must go out on the previous working day, Wednesday
     * 2026-09-30, so the full 15 days are kept */
    struct it_resp *r = deadline("SZ-MTG-NOTICE", "{\"event\":\"2026-10-16\"}");
    expect_due(r, "SZ-MTG-NOTICE", "2026-10-01", "2026-09-30", 1);
    expect_skip(r, 0, "2026-10-01", "holiday", "National Day");
    ck_assert(jb(r, "in_advance"));
    ck_assert_str_eq(it_str(r, "roll"), "backward");
    ck_assert_int_eq(ji(r, "amount"), 15);
    it_free(r);
    /* an in-advance rule needs the event, not a trigger */
    r = deadline("SZ-MTG-NOTICE", "{\"trigger\":\"2026-10-16\"}");
    expect_field(r, "event");
    it_free(r);
    /* PRC Art. 53: 20 days in advance; 2026-10-16 - 20 = 2026-09-26 (Saturday, Mid-Autumn
     * holiday) -> back over 09-26 and Friday 09-25 (Mid-Autumn) to Thursday 2026-09-24 */
    r = deadline("SZ-MTG-NOTICE", "{\"event\":\"2026-10-16\",\"profile\":\"" PRC "\"}");
    expect_due(r, "PRC-MTG-NOTICE", "2026-09-26", "2026-09-24", 2);
    expect_skip(r, 0, "2026-09-26", "holiday", "Mid-Autumn");
    expect_skip(r, 1, "2026-09-25", "holiday", "Mid-Autumn");
    it_free(r);
}
END_TEST

START_TEST(deadline_court_fixed_claim_period_bounds)
{
    /* SZ-CLM-PERIOD: the court fixes 30 to 60 days, both bounds allowed.
     * 2026-03-02 + 30 = 2026-04-01 (Wednesday): due that day. */
    struct it_resp *r = deadline("SZ-CLM-PERIOD", "{\"trigger\":\"2026-03-02\",\"days\":30}");
    expect_due(r, "SZ-CLM-PERIOD", "2026-04-01", "2026-04-01", 0);
    ck_assert_int_eq(ji(r, "amount"), 30);
    it_free(r);
    /* 2026-03-02 + 60 = 2026-05-01 (Labour Day, 05-01..05-05): due Wednesday 2026-05-06 */
    r = deadline("SZ-CLM-PERIOD", "{\"trigger\":\"2026-03-02\",\"days\":60}");
    expect_due(r, "SZ-CLM-PERIOD", "2026-05-01", "2026-05-06", 5);
    expect_skip(r, 0, "2026-05-01", "holiday", "Labour Day");
    expect_skip(r, 4, "2026-05-05", "holiday", "Labour Day");
    it_free(r);
    r = deadline("SZ-CLM-PERIOD", "{\"trigger\":\"2026-03-02\",\"days\":29}");
    expect_rule(r, "SZ-CLM-PERIOD", "days");
    it_free(r);
    r = deadline("SZ-CLM-PERIOD", "{\"trigger\":\"2026-03-02\",\"days\":61}");
    expect_rule(r, "SZ-CLM-PERIOD", "days");
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "30 to 60"));
    it_free(r);
    r = deadline("SZ-CLM-PERIOD", "{\"trigger\":\"2026-03-02\"}");
    expect_field(r, "days");
    it_free(r);
    /* PRC Art. 38 allows up to 90: 2026-06-01 + 90 = 2026-08-30 (Sunday) -> Monday 08-31 */
    r = deadline("SZ-CLM-PERIOD",
                 "{\"trigger\":\"2026-06-01\",\"days\":90,\"profile\":\"" PRC "\"}");
    expect_due(r, "PRC-CLM-PERIOD", "2026-08-30", "2026-08-31", 1);
    expect_skip(r, 0, "2026-08-30", "weekend", "weekend");
    it_free(r);
    r = deadline("SZ-CLM-PERIOD",
                 "{\"trigger\":\"2026-06-01\",\"days\":91,\"profile\":\"" PRC "\"}");
    expect_rule(r, "PRC-CLM-PERIOD", "days");
    it_free(r);
}
END_TEST

START_TEST(deadline_beyond_the_calendar_is_provisional)
{
    /* SZ-LIQ-LITIGATION, 2 years: 2026-06-01 -> Thursday 2028-06-01; the court calendar has
     * no 2028, so the date is dated on weekends alone and marked provisional (2027 is
     * exercised with the calendar test, which adds it) */
    struct it_resp *r = deadline_from("SZ-LIQ-LITIGATION", "2026-06-01");
    expect_due(r, "SZ-LIQ-LITIGATION", "2028-06-01", "2028-06-01", 0);
    ck_assert(jb(r, "provisional"));
    ck_assert_int_eq(ji(r, "missing_year"), 2028);
    ck_assert_int_eq(ji(r, "missing_years[0]"), 2028);
    ck_assert_str_eq(js(r, "steps[0].step"), "provisional");
    ck_assert_ptr_nonnull(strstr(js(r, "steps[0].text"), "PUT /v1/calendar/2028"));
    it_free(r);
    /* a Saturday of a missing year is passed over as an assumed weekend: 2 years from
     * 2026-06-03 = Saturday 2028-06-03 -> Monday 2028-06-05 */
    r = deadline_from("SZ-LIQ-LITIGATION", "2026-06-03");
    expect_due(r, "SZ-LIQ-LITIGATION", "2028-06-03", "2028-06-05", 2);
    ck_assert(jb(r, "provisional"));
    ck_assert(jb(r, "skipped[0].assumed"));
    it_free(r);
    /* a date inside the covered years is not provisional */
    r = deadline_from("SZ-APP-DECIDE", "2026-03-02");
    it_expect(r, 200);
    ck_assert(!jb(r, "provisional"));
    ck_assert_ptr_null(jp(r->json, "missing_year"));
    it_free(r);
    /* a period that is not rolled needs no calendar: SZ-DIS-INSPECTION, 3 years, roll none:
     * 2026-03-01 + 3 years = 2029-03-01 */
    r = deadline_from("SZ-DIS-INSPECTION", "2026-03-01");
    expect_due(r, "SZ-DIS-INSPECTION", "2029-03-01", "2029-03-01", 0);
    ck_assert_str_eq(it_str(r, "unit"), "years");
    ck_assert_str_eq(it_str(r, "roll"), "none");
    it_free(r);
}
END_TEST

START_TEST(deadline_parts_and_input_errors)
{
    /* SZ-CLM-OBJECTION part "lawsuit": 15 days from the review opinion. 2026-06-04 + 15 =
     * 2026-06-19 (Dragon Boat, 06-19..06-21): due Monday 2026-06-22 */
    struct it_resp *r =
        deadline("SZ-CLM-OBJECTION", "{\"trigger\":\"2026-06-04\",\"part\":\"lawsuit\"}");
    expect_due(r, "SZ-CLM-OBJECTION", "2026-06-19", "2026-06-22", 3);
    expect_skip(r, 0, "2026-06-19", "holiday", "Dragon Boat");
    expect_skip(r, 2, "2026-06-21", "holiday", "Dragon Boat");
    it_free(r);
    r = deadline("SZ-CLM-OBJECTION", "{\"trigger\":\"2026-06-04\",\"part\":\"appeal\"}");
    expect_field(r, "part");
    it_free(r);
    /* "trigger" is a param of the rule but not a sub-rule */
    r = deadline("SZ-CLM-OBJECTION", "{\"trigger\":\"2026-06-04\",\"part\":\"trigger\"}");
    expect_field(r, "part");
    it_free(r);

    r = deadline("SZ-APP-DECIDE", "{}");
    expect_field(r, "trigger");
    it_free(r);
    r = deadline("SZ-APP-DECIDE", "{\"trigger\":\"2026-02-30\"}");
    expect_field(r, "trigger");
    it_free(r);
    r = deadline("SZ-APP-DECIDE", "{\"trigger\":\"2026-01-15\",\"colour\":\"red\"}");
    expect_field(r, "colour");
    it_free(r);
    r = deadline("SZ-APP-DECIDE", "{\"trigger\":\"2026-01-15\",\"profile\":\"nope\"}");
    expect_field(r, "profile");
    it_free(r);

    r = deadline_from("SZ-APP-CREDITOR-MIN", "2026-01-15"); /* a threshold, not a period */
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/unprocessable");
    it_free(r);
    r = deadline_from("SZ-NO-SUCH-RULE", "2026-01-15");
    it_expect(r, 404);
    it_free(r);
}
END_TEST

START_TEST(deadline_needs_a_computing_role)
{
    const char *body = "{\"trigger\":\"2026-01-15\"}";
    struct it_resp *r = it_post("/v1/rules/SZ-APP-DECIDE/deadline", NULL, body);
    it_expect(r, 401);
    it_free(r);
    r = call_as("agency", "POST", "/v1/rules/SZ-APP-DECIDE/deadline", body);
    it_expect(r, 403);
    it_free(r);
    static const char *const roles[] = {"court", "department", "administrator", "creditor",
                                        "debtor"};
    for (size_t i = 0; i < 5; i++) {
        r = call_as(roles[i], "POST", "/v1/rules/SZ-APP-DECIDE/deadline", body);
        ck_assert_msg(r->status == 200, "%s: %ld %s", roles[i], r->status, r->body);
        it_free(r);
    }
    r = it_post("/v1/rules/tally", NULL, "{}");
    it_expect(r, 401);
    it_free(r);
    r = call_as("agency", "POST", "/v1/rules/distribution", "{}");
    it_expect(r, 403);
    it_free(r);
}
END_TEST

/* ---- tallies ------------------------------------------------------------------------- */

START_TEST(resolution_heads_need_more_than_half_present)
{
    /* SZ-MTG-RESOLUTION: FOR heads * 2 > present heads. Present A, B (for), C (abstains),
     * D (against); E absent. Amounts: unsecured 800.00, FOR 500.00: 2*500 > 800, met.
     * Heads 2 of 4: 2*2 = 4, not more than 4 -> not passed. */
    const char *fmt_body =
        "{\"vote\":\"resolution\",\"creditors\":["
        "{\"id\":\"A\",\"amount\":\"400.00\",\"present\":true,\"ballot\":\"for\"},"
        "{\"id\":\"B\",\"amount\":\"100.00\",\"present\":true,\"ballot\":\"for\"},"
        "{\"id\":\"C\",\"amount\":\"100.00\",\"present\":true,\"ballot\":\"abstain\"},"
        "{\"id\":\"D\",\"amount\":\"100.00\",\"present\":true,\"ballot\":\"%s\"},"
        "{\"id\":\"E\",\"amount\":\"100.00\",\"present\":false}]}";
    char *body = it_fmt(fmt_body, "against");
    struct it_resp *r = tally(body);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "rule_id"), "SZ-MTG-RESOLUTION");
    ck_assert(!jb(r, "passed"));
    ck_assert_int_eq(ji(r, "heads.present"), 4);
    ck_assert_int_eq(ji(r, "heads.eligible"), 5);
    ck_assert_int_eq(ji(r, "conditions.heads.yes"), 2);
    ck_assert_int_eq(ji(r, "conditions.heads.base"), 4);
    ck_assert(!jb(r, "conditions.heads.met"));
    ck_assert(jb(r, "conditions.amount.met"));
    it_free(r);
    free(body);
    /* D votes for: 3 of 4, 2*3 = 6 > 4 -> passed */
    body = it_fmt(fmt_body, "for");
    r = tally(body);
    it_expect(r, 200);
    ck_assert(jb(r, "passed"));
    ck_assert_int_eq(ji(r, "conditions.heads.yes"), 3);
    ck_assert(jb(r, "conditions.heads.met"));
    it_free(r);
    free(body);
}
END_TEST

START_TEST(resolution_amount_needs_more_than_half_unsecured)
{
    /* Amount base: every eligible unsecured claim, present or not: A 500.00 (for) +
     * B 200.00 (against) + C 300.00 (absent) = 1000.00; S is secured (800.00, for) and
     * counts in neither side. FOR unsecured 500.00: 2*500.00 = 1000.00, not more -> fail.
     * Heads: A, B, S present, A and S for: 2*2 = 4 > 3, met. */
    const char *fmt_body =
        "{\"vote\":\"resolution\",\"creditors\":["
        "{\"id\":\"A\",\"amount\":\"%s\",\"present\":true,\"ballot\":\"for\"},"
        "{\"id\":\"B\",\"amount\":\"200.00\",\"present\":true,\"ballot\":\"against\"},"
        "{\"id\":\"C\",\"amount\":\"300.00\",\"present\":false},"
        "{\"id\":\"S\",\"amount\":\"800.00\",\"secured\":true,\"present\":true,\"ballot\":\"for\"}]"
        "}";
    char *body = it_fmt(fmt_body, "500.00");
    struct it_resp *r = tally(body);
    it_expect(r, 200);
    ck_assert(!jb(r, "passed"));
    ck_assert(jb(r, "conditions.heads.met"));
    ck_assert(!jb(r, "conditions.amount.met"));
    ck_assert_str_eq(js(r, "conditions.amount.of"), "unsecured");
    ck_assert_str_eq(js(r, "conditions.amount.yes"), "500.00");
    ck_assert_str_eq(js(r, "conditions.amount.base"), "1000.00");
    ck_assert_int_eq(ji(r, "conditions.amount.num"), 1);
    ck_assert_int_eq(ji(r, "conditions.amount.den"), 2);
    /* the totals, as amount strings: 500+200+300+800; 500+200+300; 500+200+800; 500+800 */
    ck_assert_str_eq(js(r, "amounts.eligible"), "1800.00");
    ck_assert_str_eq(js(r, "amounts.unsecured"), "1000.00");
    ck_assert_str_eq(js(r, "amounts.present"), "1500.00");
    ck_assert_str_eq(js(r, "amounts.for"), "1300.00");
    ck_assert_str_eq(js(r, "amounts.against"), "200.00");
    it_free(r);
    free(body);
    /* one fen more: 2*500.01 = 1000.02 > 1000.01 -> passed */
    body = it_fmt(fmt_body, "500.01");
    r = tally(body);
    it_expect(r, 200);
    ck_assert(jb(r, "passed"));
    ck_assert_str_eq(js(r, "conditions.amount.yes"), "500.01");
    ck_assert_str_eq(js(r, "conditions.amount.base"), "1000.01");
    it_free(r);
    free(body);
}
END_TEST

START_TEST(plan_group_needs_more_than_two_thirds)
{
    /* The group fraction comes from the catalogue (SZ-REO-GROUP-PASS: amount 2/3 of the
     * group's eligible claims, heads 1/2 of present). With k = 100.00: FOR = num*k,
     * group = den*k, i.e. FOR exactly num/den of the group -> the group fails; one fen
     * more for A: (FOR+1)*den > (group+1)*num since den > num -> it passes. */
    struct it_resp *g = it_get("/v1/rules/SZ-REO-GROUP-PASS", NULL);
    it_expect(g, 200);
    int64_t num = ji(g, "params.amount.num"), den = ji(g, "params.amount.den");
    ck_assert_str_eq(js(g, "params.amount.of"), "eligible");
    /* two FOR of three present must carry the heads condition: 2*den > 3*num */
    ck_assert(2 * ji(g, "params.heads.den") > 3 * ji(g, "params.heads.num"));
    ck_assert(num > 0 && den > num);
    it_free(g);
    const int64_t k = 10000, yes = num * k, total = den * k; /* 2/3: 200.00 of 300.00 */
    char b1[32], b1p[32], b2[32], c[32];
    yuan(yes - yes / 2, b1);
    yuan(yes - yes / 2 + 1, b1p);
    yuan(yes / 2, b2);
    yuan(total - yes, c);
    const char *fmt_body = "{\"vote\":\"plan\",\"creditors\":["
                           "{\"id\":\"A\",\"group\":\"ordinary\",\"amount\":\"%s\",\"present\":"
                           "true,\"ballot\":\"for\"},"
                           "{\"id\":\"B\",\"group\":\"ordinary\",\"amount\":\"%s\",\"present\":"
                           "true,\"ballot\":\"for\"},"
                           "{\"id\":\"C\",\"group\":\"ordinary\",\"amount\":\"%s\",\"present\":"
                           "true,\"ballot\":\"against\"},"
                           "{\"id\":\"W\",\"group\":\"employees\",\"amount\":\"50.00\",\"present\":"
                           "true,\"ballot\":\"for\"}]}";
    char *body = it_fmt(fmt_body, b1, b2, c);
    struct it_resp *r = tally(body);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "rule_id"), "SZ-REO-PASS");
    ck_assert_str_eq(it_str(r, "group_rule_id"), "SZ-REO-GROUP-PASS");
    ck_assert(!jb(r, "passed"));
    ck_assert_int_eq(ji(r, "groups_total"), 2);
    ck_assert_int_eq(ji(r, "groups_passed"), 1);
    ck_assert_str_eq(js(r, "groups[0].group"), "ordinary");
    ck_assert(!jb(r, "groups[0].passed"));
    ck_assert(jb(r, "groups[0].conditions.heads.met"));
    ck_assert(!jb(r, "groups[0].conditions.amount.met"));
    ck_assert_int_eq(fen_at(r, "groups[0].conditions.amount.yes"), yes);
    ck_assert_int_eq(fen_at(r, "groups[0].conditions.amount.base"), total);
    ck_assert_str_eq(js(r, "groups[1].group"), "employees");
    ck_assert(jb(r, "groups[1].passed"));
    it_free(r);
    free(body);

    body = it_fmt(fmt_body, b1p, b2, c); /* 3*200.01 = 600.03 > 2*300.01 = 600.02 */
    r = tally(body);
    it_expect(r, 200);
    ck_assert(jb(r, "passed"));
    ck_assert_int_eq(ji(r, "groups_passed"), 2);
    ck_assert_int_eq(fen_at(r, "groups[0].conditions.amount.yes"), yes + 1);
    ck_assert_int_eq(fen_at(r, "groups[0].conditions.amount.base"), total + 1);
    it_free(r);
    free(body);
}
END_TEST

START_TEST(tally_groups_follow_the_profile)
{
    /* "taxes" is a voting group of the PRC draft (Art. 96), not of Shenzhen */
    const char *fmt_body =
        "{\"vote\":\"plan\"%s,\"creditors\":["
        "{\"id\":\"T\",\"group\":\"taxes\",\"amount\":\"10.00\",\"present\":true,"
        "\"ballot\":\"for\"}]}";
    char *body = it_fmt(fmt_body, "");
    struct it_resp *r = tally(body);
    expect_rule(r, "SZ-REO-PASS", "creditors");
    it_free(r);
    free(body);
    body = it_fmt(fmt_body, ",\"profile\":\"" PRC "\"");
    r = tally(body);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "rule_id"), "PRC-REO-APPROVAL");
    ck_assert_str_eq(it_str(r, "group_rule_id"), "PRC-REO-GROUPS");
    ck_assert(jb(r, "passed"));
    it_free(r);
    free(body);
}
END_TEST

START_TEST(tally_input_errors)
{
    struct it_resp *r =
        tally("{\"vote\":\"referendum\",\"creditors\":[{\"id\":\"A\",\"amount\":\"1.00\","
              "\"present\":true}]}");
    expect_field(r, "vote");
    it_free(r);
    /* amounts are decimal strings, never JSON numbers */
    r = tally("{\"vote\":\"resolution\",\"creditors\":[{\"id\":\"A\",\"amount\":100.5,\"present\":"
              "true}]}");
    expect_field(r, "creditors[0].amount");
    it_free(r);
    r = tally("{\"vote\":\"resolution\",\"creditors\":[{\"id\":\"A\",\"amount\":\"1.00\","
              "\"present\":true},"
              "{\"id\":\"B\",\"amount\":100,\"present\":true}]}");
    expect_field(r, "creditors[1].amount");
    it_free(r);
    r = tally("{\"vote\":\"resolution\",\"creditors\":[{\"id\":\"A\",\"amount\":\"1.00\"}]}");
    expect_field(r, "creditors[0].present");
    it_free(r);
    r = tally("{\"vote\":\"resolution\",\"creditors\":[{\"id\":\"A\",\"amount\":\"1.00\","
              "\"present\":true,"
              "\"ballot\":\"maybe\"}]}");
    expect_field(r, "creditors[0].ballot");
    it_free(r);
    r = tally("{\"vote\":\"resolution\",\"creditors\":[]}");
    expect_field(r, "creditors");
    it_free(r);
    r = tally("{\"vote\":\"resolution\",\"profile\":\"nope\",\"creditors\":[{\"id\":\"A\","
              "\"amount\":\"1.00\",\"present\":true}]}");
    expect_field(r, "profile");
    it_free(r);
}
END_TEST

/* ---- distribution -------------------------------------------------------------------- */

/* paid + reserved of every share + leftover == available, and the totals agree. */
static void expect_balanced(struct it_resp *r)
{
    int64_t paid = 0, reserved = 0;
    size_t n = jlen(r, "shares");
    for (size_t i = 0; i < n; i++) {
        char p[48];
        snprintf(p, sizeof p, "shares[%zu].paid", i);
        paid += fen_at(r, p);
        snprintf(p, sizeof p, "shares[%zu].reserved", i);
        reserved += fen_at(r, p);
    }
    ck_assert_int_eq(paid, fen_at(r, "paid"));
    ck_assert_int_eq(reserved, fen_at(r, "reserved"));
    ck_assert_int_eq(paid + reserved + fen_at(r, "leftover"), fen_at(r, "available"));
    ck_assert_int_eq(paid + reserved, fen_at(r, "distributed"));
}

START_TEST(distribution_waterfall)
{
    /* Estate 1000.00. S is secured for 500.00 on collateral worth 300.00: it takes the 300.00
     * and its 200.00 shortfall joins the ordinary class. Expenses 100.00 come first (900.00
     * left), employees 200.00 next (700.00 left). Ordinary: O 600.00 + S 200.00 + D 200.00
     * (disputed) = 1000.00, paid 700/1000 each: O 420.00, S 140.00, D 140.00 reserved.
     * paid 100 + 200 + 420 + 140 = 860.00; reserved 140.00; leftover 0. */
    struct it_resp *r = distribute(
        "{\"estate\":\"1000.00\",\"claims\":["
        "{\"id\":\"E\",\"class\":\"expenses\",\"amount\":\"100.00\"},"
        "{\"id\":\"S\",\"class\":\"secured\",\"amount\":\"500.00\",\"collateral\":\"300.00\"},"
        "{\"id\":\"W\",\"class\":\"employees\",\"amount\":\"200.00\"},"
        "{\"id\":\"O\",\"class\":\"ordinary\",\"amount\":\"600.00\"},"
        "{\"id\":\"D\",\"class\":\"ordinary\",\"amount\":\"200.00\",\"status\":\"disputed\"}]}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "rule_id"), "SZ-LIQ-ORDER");
    ck_assert_str_eq(js(r, "estate"), "1000.00");
    ck_assert_str_eq(js(r, "available"), "1000.00");
    ck_assert_str_eq(js(r, "from_collateral"), "300.00");
    ck_assert_str_eq(js(r, "paid"), "860.00");
    ck_assert_str_eq(js(r, "reserved"), "140.00");
    ck_assert_str_eq(js(r, "leftover"), "0.00");
    ck_assert_uint_eq(jlen(r, "shares"), 5);
    /* shares in input order */
    ck_assert_str_eq(js(r, "shares[0].id"), "E");
    ck_assert_str_eq(js(r, "shares[0].paid"), "100.00");
    ck_assert_str_eq(js(r, "shares[0].rule_id"), "SZ-LIQ-EXPENSES");
    ck_assert_str_eq(js(r, "shares[1].id"), "S");
    ck_assert_str_eq(js(r, "shares[1].from_collateral"), "300.00");
    ck_assert_str_eq(js(r, "shares[1].shortfall"), "200.00");
    ck_assert_str_eq(js(r, "shares[1].paid"), "140.00");
    ck_assert_str_eq(js(r, "shares[2].paid"), "200.00");
    ck_assert_str_eq(js(r, "shares[3].paid"), "420.00");
    ck_assert_str_eq(js(r, "shares[3].rule_id"), "SZ-LIQ-ORDER");
    ck_assert_str_eq(js(r, "shares[4].id"), "D");
    ck_assert_str_eq(js(r, "shares[4].paid"), "0.00");
    ck_assert_str_eq(js(r, "shares[4].reserved"), "140.00");
    ck_assert_str_eq(js(r, "shares[4].rule_id"), "SZ-LIQ-LITIGATION");
    /* tiers: expenses, common_debts, support, employees, ordinary */
    ck_assert_uint_eq(jlen(r, "tiers"), 5);
    ck_assert_str_eq(js(r, "tiers[0].class"), "expenses");
    ck_assert(jb(r, "tiers[0].full"));
    ck_assert_str_eq(js(r, "tiers[4].class"), "ordinary");
    ck_assert_str_eq(js(r, "tiers[4].claims"), "1000.00");
    ck_assert_str_eq(js(r, "tiers[4].allocated"), "700.00");
    ck_assert(!jb(r, "tiers[4].full"));
    expect_balanced(r);
    it_free(r);
}
END_TEST

START_TEST(distribution_expenses_before_ordinary_and_surplus)
{
    /* Estate 50.00 does not cover expenses of 100.00: they take it all, ordinary gets 0 */
    struct it_resp *r = distribute("{\"estate\":\"50.00\",\"claims\":["
                                   "{\"id\":\"O\",\"class\":\"ordinary\",\"amount\":\"100.00\"},"
                                   "{\"id\":\"E\",\"class\":\"expenses\",\"amount\":\"100.00\"}]}");
    it_expect(r, 200);
    ck_assert_str_eq(js(r, "shares[0].paid"), "0.00");
    ck_assert_str_eq(js(r, "shares[1].paid"), "50.00");
    expect_balanced(r);
    it_free(r);
    /* Collateral worth 150.00 for a 100.00 secured claim: 100.00 from the collateral, the
     * 50.00 surplus joins the estate: available 20.00 + 50.00 = 70.00; the conditional
     * ordinary claim of 30.00 is reserved in full, 40.00 is left over. */
    r = distribute(
        "{\"estate\":\"20.00\",\"claims\":["
        "{\"id\":\"S\",\"class\":\"secured\",\"amount\":\"100.00\",\"collateral\":\"150.00\"},"
        "{\"id\":\"C\",\"class\":\"ordinary\",\"amount\":\"30.00\",\"status\":\"conditional\"}]}");
    it_expect(r, 200);
    ck_assert_str_eq(js(r, "collateral_surplus"), "50.00");
    ck_assert_str_eq(js(r, "available"), "70.00");
    ck_assert_str_eq(js(r, "shares[0].from_collateral"), "100.00");
    ck_assert_str_eq(js(r, "shares[0].shortfall"), "0.00");
    ck_assert_str_eq(js(r, "shares[1].reserved"), "30.00");
    ck_assert_str_eq(js(r, "shares[1].paid"), "0.00");
    ck_assert_str_eq(js(r, "shares[1].rule_id"), "SZ-LIQ-RESERVE-CONDITIONAL");
    ck_assert_str_eq(js(r, "leftover"), "40.00");
    expect_balanced(r);
    it_free(r);
}
END_TEST

START_TEST(distribution_rounds_to_the_fen)
{
    /* SZ-LIQ-ORDER note: largest remainder, ties to the claim given first. 100.00 over three
     * equal 100.00 claims: 10000*10000/30000 = 3333 rem 10000 each; the single fen left goes
     * to the first given (z, not the alphabetically first a): 33.34, 33.33, 33.33. */
    struct it_resp *r = distribute("{\"estate\":\"100.00\",\"claims\":["
                                   "{\"id\":\"z\",\"class\":\"ordinary\",\"amount\":\"100.00\"},"
                                   "{\"id\":\"a\",\"class\":\"ordinary\",\"amount\":\"100.00\"},"
                                   "{\"id\":\"m\",\"class\":\"ordinary\",\"amount\":\"100.00\"}]}");
    it_expect(r, 200);
    ck_assert_str_eq(js(r, "shares[0].id"), "z");
    ck_assert_str_eq(js(r, "shares[0].paid"), "33.34");
    ck_assert_str_eq(js(r, "shares[1].paid"), "33.33");
    ck_assert_str_eq(js(r, "shares[2].paid"), "33.33");
    ck_assert_str_eq(js(r, "paid"), "100.00");
    expect_balanced(r);
    it_free(r);
    /* 100.00 over 100.00 and 200.00: 3333 rem 10000 and 6666 rem 20000; the larger
     * remainder wins over input order: 33.33 and 66.67 */
    r = distribute("{\"estate\":\"100.00\",\"claims\":["
                   "{\"id\":\"small\",\"class\":\"ordinary\",\"amount\":\"100.00\"},"
                   "{\"id\":\"large\",\"class\":\"ordinary\",\"amount\":\"200.00\"}]}");
    it_expect(r, 200);
    ck_assert_str_eq(js(r, "shares[0].paid"), "33.33");
    ck_assert_str_eq(js(r, "shares[1].paid"), "66.67");
    expect_balanced(r);
    it_free(r);
}
END_TEST

START_TEST(distribution_classes_follow_the_profile)
{
    const char *fmt_body = "{\"estate\":\"10.00\"%s,\"claims\":["
                           "{\"id\":\"T\",\"class\":\"taxes\",\"amount\":\"4.00\"},"
                           "{\"id\":\"O\",\"class\":\"ordinary\",\"amount\":\"20.00\"}]}";
    char *body = it_fmt(fmt_body, ""); /* Shenzhen lists no tax class */
    struct it_resp *r = distribute(body);
    expect_field(r, "claims[0].class");
    it_free(r);
    free(body);
    /* PRC Art. 142: taxes before ordinary: T 4.00 in full, O gets the other 6.00 */
    body = it_fmt(fmt_body, ",\"profile\":\"" PRC "\"");
    r = distribute(body);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "rule_id"), "PRC-LIQ-ORDER");
    ck_assert_str_eq(js(r, "shares[0].paid"), "4.00");
    ck_assert_str_eq(js(r, "shares[0].rule_id"), "PRC-LIQ-ORDER");
    ck_assert_str_eq(js(r, "shares[1].paid"), "6.00");
    expect_balanced(r);
    it_free(r);
    free(body);

    r = distribute("{\"estate\":\"10.00\",\"claims\":[{\"id\":\"X\",\"class\":\"bogus\",\"amount\":"
                   "\"1.00\"}]}");
    expect_field(r, "claims[0].class");
    it_free(r);
    r = distribute(
        "{\"estate\":10,\"claims\":[{\"id\":\"X\",\"class\":\"ordinary\",\"amount\":\"1.00\"}]}");
    expect_field(r, "estate");
    it_free(r);
    r = distribute("{\"estate\":\"10.00\",\"claims\":[{\"id\":\"X\",\"class\":\"ordinary\","
                   "\"amount\":\"1.00\","
                   "\"status\":\"lost\"}]}");
    expect_field(r, "claims[0].status");
    it_free(r);
    r = distribute("{\"estate\":\"10.00\",\"profile\":\"nope\",\"claims\":[{\"id\":\"X\",\"class\":"
                   "\"ordinary\",\"amount\":\"1.00\"}]}");
    expect_field(r, "profile");
    it_free(r);
}
END_TEST

/* ---- the calendar -------------------------------------------------------------------- */

static json_t *day_in(json_t *days, const char *date)
{
    size_t i;
    json_t *d;
    json_array_foreach(
        days, i, d) if (strcmp(json_string_value(json_object_get(d, "date")), date) == 0) return d;
    return NULL;
}

START_TEST(calendar_is_public)
{
    struct it_resp *r = it_get("/v1/calendar/2026", NULL);
    it_expect(r, 200);
    ck_assert_int_eq(ji(r, "year"), 2026);
    ck_assert(jb(r, "covered"));
    json_t *d = day_in(jp(r->json, "days"), "2026-02-17");
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(json_string_value(json_object_get(d, "kind")), "holiday");
    ck_assert_str_eq(json_string_value(json_object_get(d, "name")), "Spring Festival");
    d = day_in(jp(r->json, "days"), "2026-02-14");
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(json_string_value(json_object_get(d, "kind")), "workday");
    ck_assert_ptr_null(day_in(jp(r->json, "days"), "2026-03-15")); /* an ordinary Sunday */
    it_free(r);

    /* a year the court has not entered: 404, saying how it is added */
    r = it_get("/v1/calendar/2031", NULL);
    it_expect(r, 404);
    ck_assert_str_eq(js(r, "type"), "/problems/not-found");
    ck_assert_ptr_nonnull(strstr(js(r, "detail"), "PUT /v1/calendar/2031"));
    ck_assert_int_eq(ji(r, "year"), 2031);
    it_free(r);
    r = it_get("/v1/calendar/abc", NULL);
    it_expect(r, 404);
    it_free(r);
    r = it_get("/v1/calendar/20261", NULL);
    it_expect(r, 404);
    it_free(r);
}
END_TEST

static struct it_resp *put_2027(const char *role, const char *days)
{
    char *body = it_fmt("{\"source\":\"Integration test notice for 2027\",\"days\":%s}", days);
    struct it_resp *r = call_as(role, "PUT", "/v1/calendar/2027", body);
    free(body);
    return r;
}

START_TEST(calendar_put_by_the_court_feeds_deadlines)
{
    /* Before: SZ-APP-DECIDE from 2026-12-02 + 30 = 2027-01-01 needs the 2027 calendar: a
     * Friday, provisionally a working day */
    struct it_resp *r = deadline_from("SZ-APP-DECIDE", "2026-12-02");
    expect_due(r, "SZ-APP-DECIDE", "2027-01-01", "2027-01-01", 0);
    ck_assert(jb(r, "provisional"));
    ck_assert_int_eq(ji(r, "missing_year"), 2027);
    it_free(r);

    static const char new_year[] =
        "{\"date\":\"2027-01-01\",\"kind\":\"holiday\",\"name\":\"New Year's Day\"}";
    static const char make_up[] = /* 2027-02-20 is a Saturday */
        "{\"date\":\"2027-02-20\",\"kind\":\"workday\",\"name\":\"Spring Festival make-up\"}";
    char *days = it_fmt("[%s,%s]", new_year, make_up);
    r = put_2027("creditor", days);
    it_expect(r, 403);
    it_free(r);
    r = put_2027(NULL, days);
    it_expect(r, 401);
    it_free(r);
    /* refused by the court's own checks */
    r = put_2027("court",
                 "[{\"date\":\"2028-01-01\",\"kind\":\"holiday\",\"name\":\"New Year's Day\"}]");
    expect_field(r, "days[0].date");
    it_free(r);
    r = put_2027("court",
                 "[{\"date\":\"2027-01-06\",\"kind\":\"workday\",\"name\":\"A Wednesday\"}]");
    expect_field(r, "days[0].date");
    it_free(r);
    char *twice = it_fmt("[%s,%s]", new_year, new_year);
    r = put_2027("court", twice);
    expect_field(r, "days[1].date");
    it_free(r);
    free(twice);
    r = put_2027("court", "[{\"date\":\"2027-01-01\",\"kind\":\"feast\",\"name\":\"x\"}]");
    expect_field(r, "days[0].kind");
    it_free(r);
    r = call_as("court", "PUT", "/v1/calendar/2027", "{\"days\":[]}");
    expect_field(r, "source");
    it_free(r);
    r = it_get("/v1/calendar/2027", NULL); /* nothing stored by the refusals */
    it_expect(r, 404);
    it_free(r);

    r = put_2027("court", days);
    it_expect(r, 200);
    ck_assert_int_eq(ji(r, "year"), 2027);
    ck_assert(jb(r, "covered"));
    ck_assert_str_eq(js(r, "source"), "Integration test notice for 2027");
    ck_assert_uint_eq(jlen(r, "days"), 2);
    ck_assert_str_eq(js(r, "days[0].date"), "2027-01-01");
    ck_assert_str_eq(js(r, "days[0].kind"), "holiday");
    ck_assert_str_eq(js(r, "days[1].date"), "2027-02-20");
    it_free(r);
    r = it_get("/v1/calendar/2027", NULL);
    it_expect(r, 200);
    ck_assert(jb(r, "covered"));
    ck_assert_str_eq(js(r, "days[0].name"), "New Year's Day");
    it_free(r);

    /* Now 2027-01-01 (Friday) is New Year's Day, then Saturday and Sunday: due Monday 01-04 */
    r = deadline_from("SZ-APP-DECIDE", "2026-12-02");
    expect_due(r, "SZ-APP-DECIDE", "2027-01-01", "2027-01-04", 3);
    ck_assert(!jb(r, "provisional"));
    expect_skip(r, 0, "2027-01-01", "holiday", "New Year's Day");
    expect_skip(r, 1, "2027-01-02", "weekend", "weekend");
    expect_skip(r, 2, "2027-01-03", "weekend", "weekend");
    it_free(r);
    /* 2027-01-21 + 30 = 2027-02-20, the make-up Saturday: not rolled */
    r = deadline_from("SZ-APP-DECIDE", "2027-01-21");
    expect_due(r, "SZ-APP-DECIDE", "2027-02-20", "2027-02-20", 0);
    it_free(r);

    /* one audit row, by the court, for the one accepted change */
    ck_assert_int_eq(sql_long("SELECT count(*) FROM audit_log WHERE action = 'calendar.replace' "
                              "AND object_id = '2027'"),
                     1);
    ck_assert_int_eq(
        sql_long("SELECT count(*) FROM audit_log WHERE action = 'calendar.replace' "
                 "AND object_id = '2027' AND role = 'court' AND object_type = 'calendar_year' "
                 "AND subject = 'rules-api-user' AND detail->'after'->>'source' = "
                 "'Integration test notice for 2027' AND detail->'before'->>'covered' = 'false'"),
        1);

    /* a PUT replaces the year: without the holiday, 2027-01-01 is a working Friday */
    r = put_2027("court", "[]");
    it_expect(r, 200);
    ck_assert(jb(r, "covered"));
    ck_assert_uint_eq(jlen(r, "days"), 0);
    it_free(r);
    r = deadline_from("SZ-APP-DECIDE", "2026-12-02");
    expect_due(r, "SZ-APP-DECIDE", "2027-01-01", "2027-01-01", 0);
    it_free(r);
    ck_assert_int_eq(sql_long("SELECT count(*) FROM audit_log WHERE action = 'calendar.replace' "
                              "AND object_id = '2027'"),
                     2);
    free(days);
}
END_TEST

/* ---- the runner's conditional requests and idempotency keys --------------------------- */

/* One call as role with one extra header (freed here). */
static struct it_resp *call_with(const char *role, const char *method, const char *path,
                                 const char *body, const char *header)
{
    char *t = role ? it_token(role, "rules-api-user") : NULL;
    const char *const hdr[] = {header, NULL};
    struct it_resp *r = it_call(method, path, t, body, hdr);
    free(t);
    return r;
}

static long calendar_audits(int year)
{
    char *sql = it_fmt("SELECT count(*) FROM audit_log WHERE action = 'calendar.replace' "
                       "AND object_id = '%d'",
                       year);
    long n = sql_long(sql);
    free(sql);
    return n;
}

START_TEST(calendar_put_replays_an_idempotency_key)
{
    char *key = it_fmt("Idempotency-Key: calendar-2035-%u", it_unique());
    const char *body = "{\"source\":\"Notice for 2035\",\"days\":[{\"date\":\"2035-01-01\","
                       "\"kind\":\"holiday\",\"name\":\"New Year's Day\"}]}";
    struct it_resp *first = call_with("court", "PUT", "/v1/calendar/2035", body, key);
    it_expect(first, 200);
    ck_assert_ptr_null(it_header(first, "Idempotent-Replayed"));
    ck_assert_uint_eq(jlen(first, "days"), 1);
    ck_assert_int_eq(calendar_audits(2035), 1);

    /* the retry answers the first answer again and replaces nothing */
    struct it_resp *again = call_with("court", "PUT", "/v1/calendar/2035", body, key);
    it_expect(again, 200);
    ck_assert_str_eq(it_header(again, "Idempotent-Replayed"), "true");
    ck_assert_str_eq(it_header(again, "Content-Type"), "application/json");
    ck_assert_str_eq(again->body, first->body);
    ck_assert_int_eq(calendar_audits(2035), 1);
    it_free(again);

    /* the same key with another request is refused, and the year keeps the first days */
    const char *other = "{\"source\":\"Notice for 2035\",\"days\":[]}";
    struct it_resp *r = call_with("court", "PUT", "/v1/calendar/2035", other, key);
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/idempotency-key-reused");
    it_free(r);
    r = call_with("court", "PUT", "/v1/calendar/2037", other, key); /* another year, too */
    it_expect(r, 422);
    ck_assert_str_eq(it_str(r, "type"), "/problems/idempotency-key-reused");
    it_free(r);
    ck_assert_int_eq(calendar_audits(2037), 0);
    r = it_get("/v1/calendar/2035", NULL);
    it_expect(r, 200);
    ck_assert_uint_eq(jlen(r, "days"), 1);
    ck_assert_str_eq(js(r, "days[0].date"), "2035-01-01");
    it_free(r);
    ck_assert_int_eq(calendar_audits(2035), 1);

    /* without a key the same request is a replacement of its own: audited again */
    r = call_as("court", "PUT", "/v1/calendar/2035", body);
    it_expect(r, 200);
    ck_assert_ptr_null(it_header(r, "Idempotent-Replayed"));
    it_free(r);
    ck_assert_int_eq(calendar_audits(2035), 2);
    it_free(first);
    free(key);
}
END_TEST

START_TEST(calendar_get_revalidates_with_its_etag)
{
    struct it_resp *r = call_as("court", "PUT", "/v1/calendar/2036",
                                "{\"source\":\"Notice for 2036\",\"days\":[]}");
    it_expect(r, 200);
    it_free(r);
    r = it_get("/v1/calendar/2036", NULL);
    it_expect(r, 200);
    ck_assert(jb(r, "covered"));
    const char *tag = it_header(r, "ETag");
    ck_assert_msg(tag != NULL && tag[0] == '"', "no strong ETag: %s", r->headers);
    char etag[128], inm[160];
    snprintf(etag, sizeof etag, "%s", tag);
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    ck_assert_str_eq(it_header(r, "Cache-Control"), "no-store"); /* the court may change it */
    it_free(r);

    r = call_with(NULL, "GET", "/v1/calendar/2036", NULL, inm);
    it_expect(r, 304);
    ck_assert_str_eq(r->body, "");
    ck_assert_str_eq(it_header(r, "ETag"), etag);
    it_free(r);
    r = call_with(NULL, "GET", "/v1/calendar/2026", NULL, inm); /* another year, another tag */
    it_expect(r, 200);
    ck_assert_str_ne(it_header(r, "ETag"), etag);
    it_free(r);

    /* once the court changes the year, the old tag no longer matches */
    r = call_as("court", "PUT", "/v1/calendar/2036",
                "{\"source\":\"Notice for 2036, revised\",\"days\":[{\"date\":\"2036-01-01\","
                "\"kind\":\"holiday\",\"name\":\"New Year\"}]}");
    it_expect(r, 200);
    it_free(r);
    r = call_with(NULL, "GET", "/v1/calendar/2036", NULL, inm);
    it_expect(r, 200);
    ck_assert(jb(r, "covered"));
    ck_assert_str_ne(it_header(r, "ETag"), etag);
    it_free(r);
}
END_TEST

/* Two computations sent under one key, the body fmt with one value and then with the other:
 * each is answered on its own (never a replay). */
static void compute_under(const char *key, const char *path, const char *fmt, const char *one,
                          const char *other, struct it_resp **a, struct it_resp **b)
{
    char *first = it_fmt(fmt, one), *second = it_fmt(fmt, other);
    *a = call_with("administrator", "POST", path, first, key);
    *b = call_with("administrator", "POST", path, second, key);
    it_expect(*a, 200);
    it_expect(*b, 200);
    ck_assert_ptr_null(it_header(*a, "Idempotent-Replayed"));
    ck_assert_ptr_null(it_header(*b, "Idempotent-Replayed"));
    free(first);
    free(second);
}

/* The computations store nothing: a key is accepted, and each request is computed afresh
 * (no replay, no refusal of a reused key, no key kept). */
START_TEST(computations_compute_again_under_one_idempotency_key)
{
    unsigned n = it_unique();
    char *key = it_fmt("Idempotency-Key: compute-%u", n);
    const char *path = "/v1/rules/SZ-APP-DECIDE/deadline", *trigger = "{\"trigger\":\"%s\"}";
    struct it_resp *a, *b;
    compute_under(key, path, trigger, "2026-01-15", "2026-01-15", &a, &b);
    expect_due(a, "SZ-APP-DECIDE", "2026-02-14", "2026-02-14", 0);
    ck_assert_str_eq(b->body, a->body);
    it_free(a);
    it_free(b);
    compute_under(key, path, trigger, "2026-01-15", "2026-01-17", &a, &b);
    expect_due(b, "SZ-APP-DECIDE", "2026-02-16", "2026-02-24", 8);
    it_free(a);
    it_free(b);

    compute_under(key, "/v1/rules/tally",
                  "{\"vote\":\"resolution\",\"creditors\":[{\"id\":\"A\",\"amount\":\"1.00\","
                  "\"present\":true,\"ballot\":\"%s\"}]}",
                  "for", "against", &a, &b);
    ck_assert(jb(a, "passed"));
    ck_assert(!jb(b, "passed"));
    it_free(a);
    it_free(b);

    compute_under(key, "/v1/rules/distribution",
                  "{\"estate\":\"%s\",\"claims\":[{\"id\":\"O\",\"class\":\"ordinary\","
                  "\"amount\":\"10.00\"}]}",
                  "4.00", "25.00", &a, &b);
    ck_assert_str_eq(js(a, "shares[0].paid"), "4.00");
    ck_assert_str_eq(js(b, "shares[0].paid"), "10.00");
    ck_assert_str_eq(js(b, "leftover"), "15.00");
    it_free(a);
    it_free(b);

    char *sql = it_fmt("SELECT count(*) FROM idempotency_keys WHERE key = 'compute-%u'", n);
    ck_assert_int_eq(sql_long(sql), 0);
    free(sql);
    free(key);
}
END_TEST

static Suite *rules_api_suite(void)
{
    Suite *s = suite_create("rules_api");
    TCase *tc = tcase_create("rules_api");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, catalogue_is_public_and_lists_every_rules_md_id);
    tcase_add_test(tc, catalogue_filters_and_refuses_bad_queries);
    tcase_add_test(tc, catalogue_is_cacheable_with_etag);
    tcase_add_test(tc, single_rule_by_id_and_profile);
    tcase_add_test(tc, deadline_on_make_up_saturday_is_not_rolled);
    tcase_add_test(tc, deadline_on_spring_festival_rolls_past_it);
    tcase_add_test(tc, deadline_on_ordinary_sunday_rolls_to_monday);
    tcase_add_test(tc, deadline_in_advance_rolls_back_over_national_day);
    tcase_add_test(tc, deadline_court_fixed_claim_period_bounds);
    tcase_add_test(tc, deadline_beyond_the_calendar_is_provisional);
    tcase_add_test(tc, deadline_parts_and_input_errors);
    tcase_add_test(tc, deadline_needs_a_computing_role);
    tcase_add_test(tc, resolution_heads_need_more_than_half_present);
    tcase_add_test(tc, resolution_amount_needs_more_than_half_unsecured);
    tcase_add_test(tc, plan_group_needs_more_than_two_thirds);
    tcase_add_test(tc, tally_groups_follow_the_profile);
    tcase_add_test(tc, tally_input_errors);
    tcase_add_test(tc, distribution_waterfall);
    tcase_add_test(tc, distribution_expenses_before_ordinary_and_surplus);
    tcase_add_test(tc, distribution_rounds_to_the_fen);
    tcase_add_test(tc, distribution_classes_follow_the_profile);
    tcase_add_test(tc, calendar_is_public);
    tcase_add_test(tc, calendar_put_by_the_court_feeds_deadlines);
    tcase_add_test(tc, calendar_put_replays_an_idempotency_key);
    tcase_add_test(tc, calendar_get_revalidates_with_its_etag);
    tcase_add_test(tc, computations_compute_again_under_one_idempotency_key);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("rules_api", rules_api_suite, NULL)
