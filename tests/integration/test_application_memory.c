/* test_application_memory.c: GET /v1/applications/{id} answered from memory
 * (src/api/appcache.c). A read again is the same reply (body, ETag, headers) without
 * PostgreSQL, counted as a hit in /metrics; a write through the same instance shows at
 * once, through another instance once its notification is heard; who may not see the case
 * gets 404 however often others read it, and one who may no longer see it gets 404 at
 * once. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define TODAY "2026-06-15"
#define MEMORY_METRICS_TOKEN "memory-metrics-token-0123456789"

static double hits(void)
{
    double n = it_metric_now(MEMORY_METRICS_TOKEN, "bankruptcyd_application_cache_hits_total");
    ck_assert_msg(n >= 0, "the hits are not in /metrics");
    return n;
}

/* A debtor registered by itself files a liquidation with one material of the nine. */
static void filed(struct it_party *d, const char *prefix, char app[37])
{
    char number[19];
    it_filed_liquidation(d, prefix, "[{\"kind\":\"application\",\"reference\":\"a\"}]", number,
                         app);
}

static struct it_resp *read_app(const char *app, const char *token)
{
    char *path = it_fmt("/v1/applications/%s", app);
    struct it_resp *r = it_get(path, token);
    free(path);
    return r;
}

/* The applicant adds a material: the doc's materials grow by one. */
static void add_material(const char *app, const char *token, const char *kind)
{
    char *path = it_fmt("/v1/applications/%s/materials", app);
    char *body = it_fmt("{\"materials\":[{\"kind\":\"%s\",\"reference\":\"m\"}]}", kind);
    struct it_resp *r = it_post(path, token, body);
    it_expect(r, 200);
    it_free(r);
    free(body);
    free(path);
}

static size_t materials(struct it_resp *r)
{
    return json_array_size(json_object_get(r->json, "materials"));
}

/* The headers a client sees, other than those of the moment (Date, X-Request-Id). */
static void expect_same_reply(struct it_resp *a, struct it_resp *b)
{
    ck_assert_int_eq(a->status, b->status);
    ck_assert_str_eq(a->body, b->body);
    static const char *const names[] = {"ETag", "Content-Type", "Cache-Control", "Content-Length",
                                        NULL};
    for (const char *const *n = names; *n; n++) {
        const char *x = it_header(a, *n), *y = it_header(b, *n);
        ck_assert_msg(x != NULL && y != NULL && strcmp(x, y) == 0, "%s: %s vs %s", *n,
                      x ? x : "(none)", y ? y : "(none)");
    }
}

START_TEST(a_read_again_is_answered_from_memory_and_a_write_here_shows_at_once)
{
    struct it_party d;
    char app[37];
    filed(&d, "mem-own", app);
    struct it_resp *first = read_app(app, d.token);
    it_expect(first, 200);
    double h0 = hits();
    for (int i = 0; i < 5; i++) {
        struct it_resp *r = read_app(app, d.token);
        expect_same_reply(first, r);
        it_free(r);
    }
    ck_assert_msg(hits() - h0 >= 5, "five reads again were %.0f hits", hits() - h0);

    /* a poller holding the ETag gets 304 with it */
    char *inm = it_fmt("If-None-Match: %s", it_header(first, "ETag"));
    const char *hdr[] = {inm, NULL};
    char *path = it_fmt("/v1/applications/%s", app);
    struct it_resp *r = it_call("GET", path, d.token, NULL, hdr);
    it_expect(r, 304);
    ck_assert_str_eq(it_header(r, "ETag"), it_header(first, "ETag"));
    it_free(r);

    /* each write through this instance is in the very next read, its own reply or not */
    static const char *const kinds[] = {"integrity_commitment", "bankruptcy_explanation",
                                        "income_statement",     "social_security_statement",
                                        "tax_record",           "property_inventory",
                                        "debts_inventory",      "dependants_info"};
    char etag[64];
    snprintf(etag, sizeof etag, "%s", it_header(first, "ETag"));
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        add_material(app, d.token, kinds[i]);
        r = read_app(app, d.token);
        it_expect(r, 200);
        ck_assert_uint_eq(materials(r), i + 2);
        ck_assert_str_ne(it_header(r, "ETag"), etag);
        snprintf(etag, sizeof etag, "%s", it_header(r, "ETag"));
        it_free(r);
        r = read_app(app, d.token); /* and from memory again after it */
        it_expect(r, 200);
        ck_assert_uint_eq(materials(r), i + 2);
        it_free(r);
    }
    r = it_call("GET", path, d.token, NULL, hdr);
    it_expect(r, 200);
    it_free(r);
    free(path);
    free(inm);
    it_free(first);
}
END_TEST

START_TEST(another_instance_shows_a_change_once_it_hears_of_it)
{
    struct it_party d;
    char app[37], first[128], second[128];
    filed(&d, "mem-two", app);
    snprintf(first, sizeof first, "%s", it_base_url());
    const char *env[] = {"TODAY=" TODAY, "METRICS_TOKEN=" MEMORY_METRICS_TOKEN, NULL};
    pid_t pid = it_spawn("application-memory-b", env, second, sizeof second);
    it_use_server(second);
    struct it_resp *r = read_app(app, d.token);
    it_expect(r, 200);
    ck_assert_uint_eq(materials(r), 1);
    it_free(r);
    double h0 = hits();
    r = read_app(app, d.token);
    it_expect(r, 200);
    ck_assert_uint_eq(materials(r), 1);
    it_free(r);
    ck_assert_msg(hits() - h0 >= 1, "the second instance read PostgreSQL again");

    /* written through the first instance: the second hears it within moments, and never
     * answers the old doc after it has answered the new one */
    it_use_server(first);
    add_material(app, d.token, "tax_record");
    it_use_server(second);
    size_t n = 1;
    for (int polls = 0; n == 1; polls++) {
        ck_assert_msg(polls < 200, "the second instance did not hear the change in 2 s");
        if (polls > 0)
            usleep(10 * 1000);
        r = read_app(app, d.token);
        it_expect(r, 200);
        n = materials(r);
        it_free(r);
    }
    ck_assert_uint_eq(n, 2);
    double h1 = hits();
    for (int i = 0; i < 3; i++) {
        r = read_app(app, d.token);
        it_expect(r, 200);
        ck_assert_uint_eq(materials(r), 2);
        it_free(r);
    }
    ck_assert_msg(hits() - h1 >= 2, "the new doc was not kept: %.0f hits", hits() - h1);
    it_use_server(first);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
}
END_TEST

START_TEST(who_may_not_see_a_case_gets_404_however_often_it_is_read)
{
    struct it_case k;
    it_announced_case(&k, "mem-vis", TODAY, false, IT_DEBTOR_MATERIALS,
                      "{\"kind\":\"announced\",\"date\":\"" TODAY "\",\"claim_period_days\":30,"
                      "\"event_date\":\"2026-07-25\",\"place\":\"Court room 3\"}");
    char *court = it_token("court", "judge-mem-vis");
    char *dept = it_token("department", "dept-mem-vis");
    const char *seers[] = {k.debtor.token, court, dept, k.admin.token};
    for (int round = 0; round < 2; round++) /* the second round from memory */
        for (size_t i = 0; i < sizeof seers / sizeof *seers; i++) {
            struct it_resp *r = read_app(k.id, seers[i]);
            it_expect(r, 200);
            ck_assert_str_eq(it_str(r, "id"), k.id);
            it_free(r);
        }
    double h0 = hits();
    struct it_resp *r = read_app(k.id, k.debtor.token);
    it_expect(r, 200);
    it_free(r);
    ck_assert_msg(hits() - h0 >= 1, "the case was not in memory");

    /* the same case, cached, for those application_visible does not admit */
    struct it_party other_debtor, creditor, other_admin;
    it_party(&other_debtor, "debtor", "mem-vis-other");
    it_party(&creditor, "creditor", "mem-vis-bank");
    it_party(&other_admin, "administrator", "mem-vis-other-adm");
    const char *strangers[] = {other_debtor.token, creditor.token, other_admin.token};
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof strangers / sizeof *strangers; i++) {
            r = read_app(k.id, strangers[i]);
            it_expect(r, 404);
            it_free(r);
        }

    /* a claim declared (a write that makes this instance forget its memos of claims, and
     * makes the creditor a member of the case, but changes no doc): the court's read is
     * still from memory, and the creditor, not listed there, is admitted by the database */
    struct it_party member;
    it_party(&member, "creditor", "mem-vis-member");
    char *claims = it_fmt("/v1/applications/%s/claims", k.id);
    r = it_post(claims, member.token,
                "{\"creditor_name\":\"Member Bank\",\"principal\":\"1000.00\","
                "\"claimed_class\":\"ordinary\",\"secured\":false,"
                "\"evidence\":[{\"kind\":\"loan_contract\",\"reference\":\"c-1\"}]}");
    it_expect(r, 201);
    it_free(r);
    free(claims);
    double h1 = hits();
    r = read_app(k.id, court);
    it_expect(r, 200);
    it_free(r);
    ck_assert_msg(hits() - h1 >= 1, "a claim's declaration made the case's doc forgotten");
    r = read_app(k.id, member.token);
    it_expect(r, 200);
    it_free(r);

    /* the administrator suspended (a change of what application_visible reads, not of the
     * doc): its next read is 404 at once, the court's still 200 */
    char *path = it_fmt("/v1/administrators/%s", k.admin.id);
    r = it_patch(path, dept, "{\"status\":\"suspended\"}");
    it_expect(r, 200);
    it_free(r);
    r = read_app(k.id, k.admin.token);
    it_expect(r, 404);
    it_free(r);
    r = read_app(k.id, court);
    it_expect(r, 200);
    it_free(r);
    free(path);
    free(dept);
    free(court);
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("application_memory");
    TCase *tc = tcase_create("application_memory");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_read_again_is_answered_from_memory_and_a_write_here_shows_at_once);
    tcase_add_test(tc, another_instance_shows_a_change_once_it_hears_of_it);
    tcase_add_test(tc, who_may_not_see_a_case_gets_404_however_often_it_is_read);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, "METRICS_TOKEN=" MEMORY_METRICS_TOKEN, NULL};
IT_MAIN("application_memory", memory_suite, env)
