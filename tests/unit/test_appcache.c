/* test_appcache.c: the application documents in memory (src/api/appcache.c) answer only
 * the callers the database admitted, only under the stamp they were read with, never
 * take more than their budget however many documents are stored, and keep every one of
 * the bench's 10,000 documents at the default size (ids whose hash collides share a
 * bucket instead of pushing each other out). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

static const struct db_actor court = {.role = "court", .subject = "judge-1"};
static const struct db_actor debtor = {.role = "debtor", .subject = "judge-1"};
static const struct db_topic_stamp s1 = {.generation = 1, .all = 0, .topic = 3};

static void id_of(unsigned n, char id[37])
{
    snprintf(id, 37, "00000000-0000-4000-8000-%012u", n);
}

START_TEST(only_the_listed_caller_under_the_same_stamp)
{
    api_appcache_init(1);
    char id[37], etag[HTTP_ETAG_MAX];
    id_of(1, id);
    api_appcache_store(id, &court, &s1, "{\"id\":1}", "\"e1\"");
    char *doc = api_appcache_lookup(id, &court, &s1, etag);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(doc, "{\"id\":1}");
    ck_assert_str_eq(etag, "\"e1\"");
    free(doc);
    /* the same subject under another role is another caller: the database decides */
    ck_assert_ptr_null(api_appcache_lookup(id, &debtor, &s1, etag));
    struct db_topic_stamp later = s1;
    later.topic++;
    ck_assert_ptr_null(api_appcache_lookup(id, &court, &later, etag));
    later = s1;
    later.generation++;
    ck_assert_ptr_null(api_appcache_lookup(id, &court, &later, etag));
    later = s1;
    later.all++;
    ck_assert_ptr_null(api_appcache_lookup(id, &court, &later, etag));
    /* a write of this instance that only says it touches memos leaves docs kept: what
     * changes a doc names it (a NOTICE moves its topic) */
    later = s1;
    later.here++;
    doc = api_appcache_lookup(id, &court, &later, etag);
    ck_assert_ptr_nonnull(doc);
    free(doc);
    /* a second caller admitted to the same doc under the same stamp is listed beside it */
    api_appcache_store(id, &debtor, &s1, "{\"id\":1}", "\"e1\"");
    doc = api_appcache_lookup(id, &debtor, &s1, etag);
    ck_assert_ptr_nonnull(doc);
    free(doc);
    doc = api_appcache_lookup(id, &court, &s1, etag);
    ck_assert_ptr_nonnull(doc);
    free(doc);
    /* another doc read later replaces the entry, with its caller alone */
    later = s1;
    later.topic++;
    api_appcache_store(id, &debtor, &later, "{\"id\":1,\"v\":2}", "\"e2\"");
    ck_assert_ptr_null(api_appcache_lookup(id, &court, &later, etag));
    doc = api_appcache_lookup(id, &debtor, &later, etag);
    ck_assert_str_eq(doc, "{\"id\":1,\"v\":2}");
    ck_assert_str_eq(etag, "\"e2\"");
    free(doc);
    /* a read that began before that one does not put the older doc back */
    api_appcache_store(id, &court, &s1, "{\"id\":1}", "\"e1\"");
    doc = api_appcache_lookup(id, &debtor, &later, etag);
    ck_assert_ptr_nonnull(doc);
    free(doc);
    ck_assert_uint_ge(api_appcache_hits(), 5);
    ck_assert_uint_ge(api_appcache_misses(), 5);
}
END_TEST

START_TEST(the_budget_holds_however_many_are_stored)
{
    api_appcache_init(1);
    char doc[1001];
    memset(doc, 'x', sizeof doc - 1);
    doc[sizeof doc - 1] = '\0';
    char id[37];
    for (unsigned n = 0; n < 20000; n++) {
        id_of(n, id);
        api_appcache_store(id, &court, &s1, doc, "\"e\"");
        ck_assert_uint_le(api_appcache_bytes(), 1u << 20);
    }
    ck_assert_uint_gt(api_appcache_bytes(), (1u << 20) / 2); /* and it is used */
    /* the latest ones are there */
    char etag[HTTP_ETAG_MAX];
    char *got = api_appcache_lookup(id, &court, &s1, etag);
    ck_assert_ptr_nonnull(got);
    free(got);
}
END_TEST

START_TEST(ten_thousand_documents_are_all_kept_at_the_default_size)
{
    api_appcache_init(128); /* APPLICATION_CACHE_MB's default */
    char id[37], etag[HTTP_ETAG_MAX], doc[64];
    for (unsigned n = 0; n < 10000; n++) {
        id_of(n, id);
        snprintf(doc, sizeof doc, "{\"n\":%u}", n);
        api_appcache_store(id, &court, &s1, doc, "\"e\"");
    }
    unsigned missing = 0;
    for (unsigned n = 0; n < 10000; n++) {
        id_of(n, id);
        snprintf(doc, sizeof doc, "{\"n\":%u}", n);
        char *got = api_appcache_lookup(id, &court, &s1, etag);
        if (got == NULL || strcmp(got, doc) != 0)
            missing++;
        free(got);
    }
    ck_assert_uint_eq(missing, 0);
}
END_TEST

START_TEST(none_when_off)
{
    api_appcache_init(0);
    ck_assert(!api_appcache_usable());
    char id[37], etag[HTTP_ETAG_MAX];
    id_of(1, id);
    api_appcache_store(id, &court, &s1, "{}", "\"e\"");
    ck_assert_ptr_null(api_appcache_lookup(id, &court, &s1, etag));
    ck_assert_uint_eq(api_appcache_bytes(), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("appcache");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, only_the_listed_caller_under_the_same_stamp);
    tcase_add_test(tc, the_budget_holds_however_many_are_stored);
    tcase_add_test(tc, ten_thousand_documents_are_all_kept_at_the_default_size);
    tcase_add_test(tc, none_when_off);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
