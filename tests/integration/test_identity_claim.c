/* test_identity_claim.c: the claim that vouches for a debtor's identity number is the one
 * JWT_IDENTITY_CLAIM names (here national_id, not the default id_number): a debtor
 * registers the number that claim carries, and a token carrying the number under another
 * name vouches for nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

/* A debtor's token with the number under the claim name given. */
static char *token_with(const char *claim, const char *id_number)
{
    char claims[256];
    snprintf(claims, sizeof claims,
             "{\"sub\":\"person-%u\",\"role\":\"debtor\",\"exp\":%ld,\"%s\":\"%s\"}", it_unique(),
             (long)time(NULL) + 3600, claim, id_number);
    return it_token_signed("HS256", claims);
}

static struct it_resp *register_number(const char *token, const char *id_number)
{
    char *body = it_fmt("{\"name\":\"Claimed\",\"id_number\":\"%s\"}", id_number);
    struct it_resp *r = it_post("/v1/debtors", token, body);
    free(body);
    return r;
}

START_TEST(the_configured_claim_vouches_for_the_number)
{
    char idn[19];
    it_idnumber(it_unique(), idn);
    char *default_name = token_with("id_number", idn);
    struct it_resp *r = register_number(default_name, idn);
    it_expect(r, 403); /* id_number is not the configured claim here */
    ck_assert_ptr_nonnull(strstr(r->body, "vouches for no identity number"));
    it_free(r);
    char *configured = token_with("national_id", idn);
    r = register_number(configured, idn);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "id_number"), idn);
    it_free(r);
    free(configured);
    free(default_name);
}
END_TEST

static Suite *identity_claim_suite(void)
{
    Suite *s = suite_create("identity_claim");
    TCase *tc = tcase_create("identity_claim");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, the_configured_claim_vouches_for_the_number);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"JWT_IDENTITY_CLAIM=national_id", NULL};
IT_MAIN("identity_claim", identity_claim_suite, env)
