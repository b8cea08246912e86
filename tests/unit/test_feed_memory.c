/* test_feed_memory.c: the final blocks of the restriction feed kept in memory
 * (src/api/feedpages.c) without a server or a database: a page served from kept blocks is
 * byte for byte the page built from the same changes as read; a block the head is inside
 * is not kept and a page reaching it is the database's; another epoch forgets everything;
 * what is kept stays within the configured size. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

#define EPOCH_A "00000000000000aa"
#define EPOCH_B "00000000000000bb"

/* Changes at positions first+1 .. first+n (skipping those divisible by gap_every when it is
 * not 0), each {"cursor":"<seq>","pad":"xx..."}, with the head and epoch given. */
static void changes(struct db_feed_changes *c, long long first, int n, int gap_every, int pad,
                    long long head, const char *epoch)
{
    memset(c, 0, sizeof *c);
    c->head = head;
    snprintf(c->epoch, sizeof c->epoch, "%s", epoch);
    c->seq = malloc(sizeof *c->seq * (size_t)(n + 1));
    c->end = malloc(sizeof *c->end * (size_t)(n + 1));
    c->text = malloc((size_t)n * (size_t)(pad + 48) + 1);
    size_t at = 0;
    for (long long s = first + 1; c->n < n; s++) {
        if (gap_every > 0 && s % gap_every == 0)
            continue;
        at += (size_t)sprintf(c->text + at, "{\"cursor\":\"%lld\",\"pad\":\"%0*d\"}", s, pad, 0);
        c->seq[c->n] = s;
        c->end[c->n++] = at;
    }
}

static char *served(long long after, int limit, long long head, const char *epoch,
                    enum api_feed_memory *got, long long *missing)
{
    char *text = NULL;
    long long next = 0;
    *got = api_feed_pages_serve(after, limit, head, epoch, &text, &next, missing);
    return text;
}

static double gauge(const char *series)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    api_feed_pages_metrics(f);
    fclose(f);
    double v = -1;
    size_t n = strlen(series);
    for (char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, series, n) == 0 && p[n] == ' ')
            v = strtod(p + n + 1, NULL);
    free(buf);
    return v;
}

START_TEST(a_page_from_kept_blocks_is_the_page_built_from_the_rows)
{
    api_feed_pages_configure(64u << 20);
    struct db_feed_changes all;
    changes(&all, 0, 1000, 7, 20, 1200, EPOCH_A); /* positions to 1142, gaps every 7th */
    api_feed_pages_keep(&all, 0, 4);              /* blocks 1-256 .. 769-1024: all final */
    const long long afters[] = {0, 1, 255, 256, 300, 600, 768};
    const int limits[] = {1, 100, 200};
    for (size_t i = 0; i < sizeof afters / sizeof afters[0]; i++)
        for (size_t j = 0; j < sizeof limits / sizeof limits[0]; j++) {
            long long after = afters[i];
            int limit = limits[j];
            enum api_feed_memory got;
            long long missing = -1;
            char *text = served(after, limit, all.head, EPOCH_A, &got, &missing);
            ck_assert_msg(got == FEED_SERVED, "after %lld limit %d: %d", after, limit, got);
            int count = 0; /* the page as from the database: it skips what is not after */
            char *built = api_feed_page_text(&all, after, limit, &count);
            ck_assert_int_eq(count, limit);
            ck_assert_str_eq(text, built);
            free(text);
            free(built);
        }
    db_feed_changes_free(&all);
}
END_TEST

START_TEST(the_block_of_the_head_is_not_kept_and_a_page_into_it_is_the_databases)
{
    api_feed_pages_configure(64u << 20);
    struct db_feed_changes all;
    changes(&all, 0, 400, 0, 10, 400, EPOCH_A); /* head 400: block 257-512 is not final */
    api_feed_pages_keep(&all, 0, 2);
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") == 1);
    enum api_feed_memory got;
    long long missing = -1;
    char *text = served(100, 100, 400, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_SERVED);
    free(text);
    text = served(200, 100, 400, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_FROM_DATABASE);
    ck_assert_ptr_null(text);
    /* the head the caller heard decides too: a kept block past it is not used */
    text = served(100, 100, 255, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_FROM_DATABASE);
    db_feed_changes_free(&all);
}
END_TEST

START_TEST(a_block_not_kept_is_named_and_another_epoch_forgets_all)
{
    api_feed_pages_configure(64u << 20);
    struct db_feed_changes all;
    changes(&all, 0, 1024, 0, 10, 2000, EPOCH_A);
    enum api_feed_memory got;
    long long missing = -1;
    char *text = served(600, 100, 2000, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    ck_assert_int_eq(missing, 2); /* 513-768 */
    api_feed_pages_keep(&all, 0, 4);
    text = served(600, 100, 2000, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_SERVED);
    free(text);
    /* the page asked of another epoch finds nothing kept */
    text = served(600, 100, 2000, EPOCH_B, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    /* a fill from another database forgets the first one's blocks */
    struct db_feed_changes other;
    changes(&other, 0, 256, 0, 10, 2000, EPOCH_B);
    api_feed_pages_keep(&other, 0, 1);
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") == 1);
    text = served(600, 100, 2000, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    text = served(10, 100, 2000, EPOCH_B, &got, &missing);
    ck_assert(got == FEED_SERVED);
    free(text);
    db_feed_changes_free(&all);
    db_feed_changes_free(&other);
}
END_TEST

START_TEST(what_is_kept_stays_within_the_size)
{
    api_feed_pages_configure(256u << 10); /* 256 KiB; each block below is about 130 KiB */
    struct db_feed_changes all;
    changes(&all, 0, 2560, 0, 480, 3000, EPOCH_A);
    for (long long block = 0; block < 10; block += 2) {
        api_feed_pages_keep(&all, block, 2); /* the rows from 0: only their part is taken */
        ck_assert(gauge("bankruptcyd_feed_memory_bytes") <= 256.0 * 1024);
    }
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") >= 1);
    ck_assert(gauge("bankruptcyd_feed_blocks_filled_total") == 10);
    /* the last kept is there, the first is gone */
    enum api_feed_memory got;
    long long missing = -1;
    char *text = served(9 * 256, 10, 3000, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_SERVED);
    free(text);
    text = served(0, 10, 3000, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    api_feed_pages_configure(0); /* nothing kept, nothing served */
    text = served(9 * 256, 10, 3000, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_FROM_DATABASE);
    db_feed_changes_free(&all);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("feed_memory");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, a_page_from_kept_blocks_is_the_page_built_from_the_rows);
    tcase_add_test(tc, the_block_of_the_head_is_not_kept_and_a_page_into_it_is_the_databases);
    tcase_add_test(tc, a_block_not_kept_is_named_and_another_epoch_forgets_all);
    tcase_add_test(tc, what_is_kept_stays_within_the_size);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
