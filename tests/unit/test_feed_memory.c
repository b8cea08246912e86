/* test_feed_memory.c: the blocks of the restriction feed kept in memory
 * (src/api/feedpages.c) without a server or a database: a page served from kept blocks is
 * byte for byte the page built from the same changes as read; the block the head is inside
 * is kept as read up to that head, and a page that reaches the head is served from it only
 * for a head it covers (a later head names the block to read again), never showing what is
 * past the head it is asked with; another epoch forgets everything; what is kept stays
 * within the configured size. */
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

static int served_count;        /* how many changes the last page served holds */
static long long served_next;   /* and the position it names as next */
static long long served_reread; /* a missing block: the position to read it after */

static char *served(long long after, int limit, long long head, const char *epoch,
                    enum api_feed_memory *got, long long *missing)
{
    struct api_feed_served page = {.text = NULL, .count = -1, .next = -1, .missing = -1};
    *got = api_feed_pages_serve(after, limit, head, epoch, &page);
    served_count = page.count;
    served_next = page.next;
    served_reread = page.read_after;
    *missing = page.missing;
    if (page.text != NULL)
        ck_assert_uint_eq(page.len, strlen(page.text));
    return page.text;
}

/* The page served with head is the page built from the changes up to that head. */
static void served_as_built(long long after, int limit, long long head, int count_expected)
{
    struct db_feed_changes upto;
    changes(&upto, 0, (int)head, 0, 10, head, EPOCH_A);
    enum api_feed_memory got;
    long long missing = -1;
    char *text = served(after, limit, head, EPOCH_A, &got, &missing);
    ck_assert_msg(got == FEED_SERVED, "after %lld limit %d head %lld: %d", after, limit, head, got);
    int count = 0;
    char *built = api_feed_page_text(&upto, after, limit, &count);
    ck_assert_int_eq(count, count_expected);
    ck_assert_int_eq(served_count, count_expected);
    ck_assert_int_eq(served_next, count_expected > 0 ? after + count_expected : after);
    ck_assert_str_eq(text, built);
    free(text);
    free(built);
    db_feed_changes_free(&upto);
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
    api_feed_pages_keep(&all, 0, 4, 0);           /* blocks 1-256 .. 769-1024: all final */
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

START_TEST(a_page_that_reaches_the_head_is_served_from_the_block_read_up_to_it)
{
    api_feed_pages_configure(64u << 20);
    struct db_feed_changes all;
    changes(&all, 0, 400, 0, 10, 400, EPOCH_A); /* head 400: block 257-512 is not final */
    api_feed_pages_keep(&all, 0, 2, 0);
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") == 1); /* the head's block is apart */
    served_as_built(100, 100, 400, 100);
    served_as_built(200, 100, 400, 100); /* across into the head's block */
    served_as_built(350, 100, 400, 50);  /* reaches the head: a short page */
    served_as_built(400, 100, 400, 0);   /* at the head: empty, next is where it was */
    /* a head the caller heard behind the read's: nothing past it is shown */
    served_as_built(100, 100, 255, 100);
    served_as_built(200, 100, 255, 55);
    served_as_built(300, 100, 350, 50);
    /* a later head than the head's block was read up to: that block is read again */
    enum api_feed_memory got;
    long long missing = -1;
    char *text = served(350, 100, 450, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    ck_assert_ptr_null(text);
    ck_assert_int_eq(missing, 1);
    text = served(100, 100, 450, EPOCH_A, &got, &missing); /* behind: still served */
    ck_assert(got == FEED_SERVED);
    free(text);
    struct db_feed_changes later;
    changes(&later, 256, 194, 0, 10, 450, EPOCH_A); /* what a fill of block 1 reads */
    api_feed_pages_keep(&later, 1, 1, 256);
    served_as_built(350, 100, 450, 100);
    served_as_built(420, 100, 450, 30);
    /* an older read of the same block does not put back less */
    api_feed_pages_keep(&all, 1, 1, 256);
    served_as_built(420, 100, 450, 30);
    db_feed_changes_free(&all);
    db_feed_changes_free(&later);
}
END_TEST

START_TEST(the_heads_block_once_final_is_kept_with_the_others)
{
    api_feed_pages_configure(64u << 20);
    struct db_feed_changes first, grown;
    changes(&first, 0, 300, 0, 10, 300, EPOCH_A);
    api_feed_pages_keep(&first, 0, 2, 0); /* block 0 final, block 1 read up to 300 */
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") == 1);
    /* the head moves past block 1's end: it is read again, final now, and the new head's
     * block (513-768) is the one read up to the head */
    enum api_feed_memory got;
    long long missing = -1;
    char *text = served(280, 100, 700, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    ck_assert_int_eq(missing, 1);
    changes(&grown, 256, 444, 0, 10, 700, EPOCH_A);
    api_feed_pages_keep(&grown, 1, 2, 256);
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") == 2);
    served_as_built(280, 100, 700, 100);
    served_as_built(0, 700, 700, 700);
    served_as_built(650, 100, 700, 50);
    /* a head on a block's edge: the head's block is the next one, empty up to the head */
    struct db_feed_changes edge;
    changes(&edge, 512, 256, 0, 10, 768, EPOCH_A);
    api_feed_pages_keep(&edge, 2, 2, 512);
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") == 3);
    served_as_built(700, 100, 768, 68);
    served_as_built(768, 100, 768, 0);
    (void)text;
    db_feed_changes_free(&first);
    db_feed_changes_free(&grown);
    db_feed_changes_free(&edge);
}
END_TEST

START_TEST(a_later_head_reads_only_the_changes_since_into_the_heads_block)
{
    api_feed_pages_configure(64u << 20);
    struct db_feed_changes first, since, past, stale;
    changes(&first, 0, 400, 0, 10, 400, EPOCH_A);
    api_feed_pages_keep(&first, 0, 2, 0); /* block 1 read up to 400 */
    enum api_feed_memory got;
    long long missing = -1;
    char *text = served(350, 100, 450, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    ck_assert_int_eq(missing, 1);
    ck_assert_int_eq(served_reread, 400);          /* what it holds is not read again */
    changes(&since, 400, 50, 0, 10, 450, EPOCH_A); /* what that read returns: 401-450 */
    api_feed_pages_keep(&since, 1, 1, 400);
    served_as_built(350, 100, 450, 100);
    served_as_built(256, 200, 450, 194);
    served_as_built(0, 500, 450, 450);
    /* past the block's end: block 1 is final now, block 2 (513-768) the head's */
    text = served(440, 100, 700, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    ck_assert_int_eq(served_reread, 450);
    changes(&past, 450, 250, 0, 10, 700, EPOCH_A);
    api_feed_pages_keep(&past, 1, 2, 450);
    ck_assert(gauge("bankruptcyd_feed_memory_blocks") == 2);
    served_as_built(440, 100, 700, 100);
    served_as_built(0, 700, 700, 700);
    served_as_built(650, 100, 700, 50);
    /* a read of the changes after a position the block no longer ends at keeps nothing */
    changes(&stale, 600, 150, 0, 10, 750, EPOCH_A);
    api_feed_pages_keep(&stale, 2, 1, 600);
    text = served(650, 100, 750, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    ck_assert_int_eq(served_reread, 700);
    served_as_built(650, 100, 700, 50); /* and what it held is still right */
    (void)text;
    db_feed_changes_free(&first);
    db_feed_changes_free(&since);
    db_feed_changes_free(&past);
    db_feed_changes_free(&stale);
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
    api_feed_pages_keep(&all, 0, 4, 0);
    text = served(600, 100, 2000, EPOCH_A, &got, &missing);
    ck_assert(got == FEED_SERVED);
    free(text);
    /* the page asked of another epoch finds nothing kept */
    text = served(600, 100, 2000, EPOCH_B, &got, &missing);
    ck_assert(got == FEED_BLOCK_MISSING);
    /* a fill from another database forgets the first one's blocks */
    struct db_feed_changes other;
    changes(&other, 0, 256, 0, 10, 2000, EPOCH_B);
    api_feed_pages_keep(&other, 0, 1, 0);
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
        api_feed_pages_keep(&all, block, 2,
                            block * 256); /* the rows from 0: only their part is taken */
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
    tcase_add_test(tc, a_page_that_reaches_the_head_is_served_from_the_block_read_up_to_it);
    tcase_add_test(tc, the_heads_block_once_final_is_kept_with_the_others);
    tcase_add_test(tc, a_later_head_reads_only_the_changes_since_into_the_heads_block);
    tcase_add_test(tc, a_block_not_kept_is_named_and_another_epoch_forgets_all);
    tcase_add_test(tc, what_is_kept_stays_within_the_size);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
