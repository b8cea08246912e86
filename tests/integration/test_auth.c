/* test_auth.c: bearer tokens. The algorithm is pinned (none and other algorithms are
 * refused), exp is required, nbf/iss/aud are checked, iat may not be in the future, a token
 * may not live longer than MAX_TOKEN_LIFETIME (86400 s by default), time claims at the ends
 * of 64 bits are refused without overflow, the role must be known, and a role may use only
 * the routes the policy gives it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static void expect_401(const char *token, const char *why)
{
    struct it_resp *r = it_get("/v1/applications", token);
    ck_assert_msg(r->status == 401, "%s: expected 401, got %ld %s", why, r->status, r->body);
    ck_assert_str_eq(it_str(r, "type"), "/problems/unauthorized");
    const char *www = it_header(r, "WWW-Authenticate");
    ck_assert_ptr_nonnull(www);
    ck_assert_ptr_nonnull(strstr(www, "Bearer"));
    it_free(r);
}

/* A 401 whose WWW-Authenticate error_description says `says`. */
static void expect_401_saying(const char *claims_json, const char *says)
{
    char *t = it_token_signed("HS256", claims_json);
    struct it_resp *r = it_get("/v1/applications", t);
    ck_assert_msg(r->status == 401, "%s: expected 401, got %ld %s", claims_json, r->status,
                  r->body);
    const char *www = it_header(r, "WWW-Authenticate");
    ck_assert_msg(www != NULL && strstr(www, says) != NULL, "%s: WWW-Authenticate %s lacks %s",
                  claims_json, www ? www : "(none)", says);
    it_free(r);
    free(t);
}

static void expect_200(const char *claims_json)
{
    char *t = it_token_signed("HS256", claims_json);
    struct it_resp *r = it_get("/v1/applications", t);
    ck_assert_msg(r->status == 200, "%s: expected 200, got %ld %s", claims_json, r->status,
                  r->body);
    it_free(r);
    free(t);
}

static char *claims(const char *role, long exp_offset, const char *extra)
{
    char *c = malloc(512);
    snprintf(c, 512, "{\"sub\":\"tester\",\"role\":\"%s\",\"exp\":%ld%s}", role,
             (long)time(NULL) + exp_offset, extra ? extra : "");
    return c;
}

START_TEST(valid_token_is_accepted)
{
    char *t = it_token("court", "judge-1");
    struct it_resp *r = it_get("/v1/applications", t);
    it_expect(r, 200);
    it_free(r);
    free(t);
}
END_TEST

START_TEST(missing_or_malformed_header_is_401)
{
    expect_401(NULL, "no header");
    const char *basic[] = {"Authorization: Basic dXNlcjpwYXNz", NULL};
    struct it_resp *r = it_call("GET", "/v1/applications", NULL, NULL, basic);
    it_expect(r, 401);
    it_free(r);
    expect_401("not-a-jwt", "garbage");
    expect_401("a.b.c", "garbage segments");
}
END_TEST

START_TEST(expired_token_is_401)
{
    char *t = it_token_ttl("court", "judge-1", -3600);
    expect_401(t, "expired");
    free(t);
}
END_TEST

START_TEST(alg_none_is_401)
{
    char *c = claims("court", 3600, NULL);
    char *t = it_token_unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", c);
    expect_401(t, "alg none");
    free(t);
    free(c);
}
END_TEST

START_TEST(other_algorithm_is_401)
{
    char *c = claims("court", 3600, NULL);
    char *t = it_token_signed("HS512", c); /* right secret, wrong algorithm */
    expect_401(t, "HS512");
    free(t);
    free(c);
}
END_TEST

START_TEST(tampered_signature_is_401)
{
    char *t = it_token("court", "judge-1");
    size_t n = strlen(t);
    t[n - 2] = t[n - 2] == 'A' ? 'B' : 'A';
    expect_401(t, "tampered");
    free(t);
}
END_TEST

START_TEST(claims_are_checked)
{
    char *t = it_token_signed("HS256", "{\"sub\":\"x\",\"role\":\"court\"}");
    expect_401(t, "no exp");
    free(t);
    char *c = claims("emperor", 3600, NULL);
    t = it_token_signed("HS256", c);
    expect_401(t, "unknown role");
    free(t);
    free(c);
    c = claims("court", 3600, ",\"nbf\":9999999999");
    t = it_token_signed("HS256", c);
    expect_401(t, "not valid yet");
    free(t);
    free(c);
    t = it_token_signed("HS256", "{\"role\":\"court\",\"exp\":9999999999}");
    expect_401(t, "no sub");
    free(t);
    /* the identity claim, when present, must be a usable identity number string */
    static const char *const bad_identity[] = {
        ",\"id_number\":440305198001011235", ",\"id_number\":\"\"",
        ",\"id_number\":\"44030519800101123544030519800101\"", NULL};
    for (const char *const *b = bad_identity; *b; b++) {
        c = claims("debtor", 3600, *b);
        t = it_token_signed("HS256", c);
        expect_401(t, *b);
        free(t);
        free(c);
    }
    c = claims("debtor", 3600, ",\"id_number\":\"440305198001011235\"");
    t = it_token_signed("HS256", c); /* a usable one is accepted */
    struct it_resp *r = it_get("/v1/applications", t);
    it_expect(r, 200);
    it_free(r);
    free(t);
    free(c);
}
END_TEST

START_TEST(small_clock_skew_is_allowed)
{
    char *t = it_token_ttl("court", "judge-1", -20); /* expired 20 s ago, within 60 s skew */
    struct it_resp *r = it_get("/v1/applications", t);
    it_expect(r, 200);
    it_free(r);
    free(t);
}
END_TEST

/* Time claims at the ends of int64: exp + skew and nbf - skew would overflow (UBSan stopped
 * the server; a plain build wrapped around). Each is refused by name, and the server goes on. */
START_TEST(extreme_time_claims_are_401)
{
    long now = (long)time(NULL);
    char c[256];
    expect_401_saying("{\"sub\":\"x\",\"role\":\"court\",\"exp\":9223372036854775807}",
                      "exp claim is out of range");
    snprintf(c, sizeof c,
             "{\"sub\":\"x\",\"role\":\"court\",\"exp\":%ld,"
             "\"nbf\":-9223372036854775808}",
             now + 600);
    expect_401_saying(c, "nbf claim is out of range");
    snprintf(c, sizeof c,
             "{\"sub\":\"x\",\"role\":\"court\",\"exp\":%ld,"
             "\"iat\":-9223372036854775807}",
             now + 600);
    expect_401_saying(c, "iat claim is out of range");
    expect_401_saying("{\"sub\":\"x\",\"role\":\"court\",\"exp\":-9223372036854775807}", "expired");
    /* far away but no overflow: a lifetime nobody should hold */
    snprintf(c, sizeof c,
             "{\"sub\":\"x\",\"role\":\"court\",\"exp\":9223372036854775000,"
             "\"iat\":%ld}",
             now);
    expect_401_saying(c, "longer than MAX_TOKEN_LIFETIME");
    char *t = it_token("court", "judge-1"); /* the server is still there */
    struct it_resp *r = it_get("/v1/applications", t);
    it_expect(r, 200);
    it_free(r);
    free(t);
}
END_TEST

/* Claims of a court token with this exp and, when has_iat, this iat (a static buffer). */
static const char *timed(long exp, bool has_iat, long iat)
{
    static char c[256];
    int n = snprintf(c, sizeof c, "{\"sub\":\"x\",\"role\":\"court\",\"exp\":%ld", exp);
    if (has_iat)
        n += snprintf(c + n, sizeof c - (size_t)n, ",\"iat\":%ld", iat);
    snprintf(c + n, sizeof c - (size_t)n, "}");
    return c;
}

START_TEST(iat_in_the_future_is_401)
{
    long now = (long)time(NULL);
    expect_401_saying(timed(now + 7200, true, now + 3600), "iat claim is in the future");
    char c[256];
    snprintf(c, sizeof c, "{\"sub\":\"x\",\"role\":\"court\",\"exp\":%ld,\"iat\":\"now\"}",
             now + 7200);
    expect_401_saying(c, "iat claim is not a number");
    expect_200(timed(now + 3600, true, now + 20)); /* within the 60 s skew: a clock ahead */
}
END_TEST

START_TEST(lifetime_beyond_max_token_lifetime_is_401)
{
    long now = (long)time(NULL);
    /* exp - iat: one second over the default 86400 is refused, exactly 86400 is not */
    expect_401_saying(timed(now + 86401, true, now),
                      "lifetime (exp - iat) is longer than MAX_TOKEN_LIFETIME");
    expect_200(timed(now + 86400, true, now));
    /* an old iat counts too: issued two days ago, expiring tomorrow */
    expect_401_saying(timed(now + 86400, true, now - 2 * 86400), "longer than MAX_TOKEN_LIFETIME");
    /* without iat, exp - now (with the skew) */
    expect_401_saying(timed(now + 3 * 86400, false, 0),
                      "exp is further away than MAX_TOKEN_LIFETIME");
    expect_401_saying(timed(9999999999, false, 0), "exp is further away than MAX_TOKEN_LIFETIME");
    expect_200(timed(now + 86400, false, 0));
}
END_TEST

/* RFC 7235: the auth-scheme is case-insensitive. */
START_TEST(bearer_scheme_is_case_insensitive)
{
    char *t = it_token("court", "judge-1");
    const char *schemes[] = {"bearer", "BEARER", "bEaReR"};
    for (int i = 0; i < 3; i++) {
        char h[4096];
        snprintf(h, sizeof h, "Authorization: %s %s", schemes[i], t);
        const char *headers[] = {h, NULL};
        struct it_resp *r = it_call("GET", "/v1/applications", NULL, NULL, headers);
        ck_assert_msg(r->status == 200, "%s: expected 200, got %ld %s", schemes[i], r->status,
                      r->body);
        it_free(r);
    }
    free(t);
}
END_TEST

START_TEST(role_not_allowed_is_403)
{
    char *t = it_token("agency", "airline-1");
    struct it_resp *r = it_get("/v1/applications", t);
    it_expect(r, 403);
    ck_assert_str_eq(it_str(r, "type"), "/problems/forbidden");
    it_free(r);
    free(t);
    t = it_token("debtor", "person-x");
    r = it_post("/v1/applications/00000000-0000-0000-0000-000000000000/decision", t,
                "{\"outcome\":\"accept\"}");
    it_expect(r, 403);
    it_free(r);
    free(t);
}
END_TEST

START_TEST(public_routes_need_no_token)
{
    struct it_resp *r = it_get("/openapi.yaml", NULL);
    it_expect(r, 200);
    it_free(r);
}
END_TEST

static Suite *auth_suite(void)
{
    Suite *s = suite_create("auth");
    TCase *tc = tcase_create("tokens");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, valid_token_is_accepted);
    tcase_add_test(tc, missing_or_malformed_header_is_401);
    tcase_add_test(tc, expired_token_is_401);
    tcase_add_test(tc, alg_none_is_401);
    tcase_add_test(tc, other_algorithm_is_401);
    tcase_add_test(tc, tampered_signature_is_401);
    tcase_add_test(tc, claims_are_checked);
    tcase_add_test(tc, small_clock_skew_is_allowed);
    tcase_add_test(tc, extreme_time_claims_are_401);
    tcase_add_test(tc, iat_in_the_future_is_401);
    tcase_add_test(tc, lifetime_beyond_max_token_lifetime_is_401);
    tcase_add_test(tc, bearer_scheme_is_case_insensitive);
    tcase_add_test(tc, role_not_allowed_is_403);
    tcase_add_test(tc, public_routes_need_no_token);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("auth", auth_suite, NULL)
